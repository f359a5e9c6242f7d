// The cast half of the word tables (vocabulary.h): people, animals and
// objects, looks, and the classes of nouns the cast finder needs.
#include <algorithm>
#include <array>

#include "engine/plan/vocabulary.h"

namespace kinora::engine::plan {
namespace {

using G = Gender;

// clang-format off
constexpr CastTerm kCast[] = {
    // word, plural, kind, species, breed, label, gender, age, role verb, place, drawn
    // Dogs
    {"golden retriever", "", "animal", "dog", "golden retriever", "Dog", G::kUnknown, "", "", "", true},
    {"german shepherd", "", "animal", "dog", "german shepherd", "Dog", G::kUnknown, "", "", "", true},
    {"border collie", "", "animal", "dog", "border collie", "Dog", G::kUnknown, "", "", "", true},
    {"shiba inu", "", "animal", "dog", "shiba inu", "Dog", G::kUnknown, "", "", "", true},
    {"black lab", "", "animal", "dog", "black lab", "Dog", G::kUnknown, "", "", "", true},
    {"labrador", "", "animal", "dog", "labrador", "Dog", G::kUnknown, "", "", "", true},
    {"retriever", "", "animal", "dog", "retriever", "Dog", G::kUnknown, "", "", "", true},
    {"corgi", "", "animal", "dog", "corgi", "Dog", G::kUnknown, "", "", "", true},
    {"poodle", "", "animal", "dog", "poodle", "Dog", G::kUnknown, "", "", "", true},
    {"husky", "huskies", "animal", "dog", "husky", "Dog", G::kUnknown, "", "", "", true},
    {"pug", "", "animal", "dog", "pug", "Dog", G::kUnknown, "", "", "", true},
    {"beagle", "", "animal", "dog", "beagle", "Dog", G::kUnknown, "", "", "", true},
    {"dachshund", "", "animal", "dog", "dachshund", "Dog", G::kUnknown, "", "", "", true},
    {"bulldog", "", "animal", "dog", "bulldog", "Dog", G::kUnknown, "", "", "", true},
    {"chihuahua", "", "animal", "dog", "chihuahua", "Dog", G::kUnknown, "", "", "", true},
    {"dalmatian", "", "animal", "dog", "dalmatian", "Dog", G::kUnknown, "", "", "", true},
    {"terrier", "", "animal", "dog", "terrier", "Dog", G::kUnknown, "", "", "", true},
    {"greyhound", "", "animal", "dog", "greyhound", "Dog", G::kUnknown, "", "", "", true},
    {"puppy", "puppies", "animal", "puppy", "", "Puppy", G::kUnknown, "", "", "", true},
    {"doggo", "", "animal", "dog", "", "Dog", G::kUnknown, "", "", "", true},
    {"dog", "", "animal", "dog", "", "Dog", G::kUnknown, "", "", "", true},
    // Cats
    {"tabby", "tabbies", "animal", "cat", "tabby", "Cat", G::kUnknown, "", "", "", true},
    {"siamese cat", "", "animal", "cat", "siamese", "Cat", G::kUnknown, "", "", "", true},
    {"persian cat", "", "animal", "cat", "persian", "Cat", G::kUnknown, "", "", "", true},
    {"kitten", "", "animal", "kitten", "", "Kitten", G::kUnknown, "", "", "", true},
    {"kitty", "kitties", "animal", "cat", "", "Cat", G::kUnknown, "", "", "", true},
    {"cat", "", "animal", "cat", "", "Cat", G::kUnknown, "", "", "", true},
    // Birds
    {"parrot", "", "animal", "parrot", "", "Parrot", G::kUnknown, "", "", "", true},
    {"penguin", "", "animal", "penguin", "", "Penguin", G::kUnknown, "", "", "snowfield", true},
    {"duck", "", "animal", "duck", "", "Duck", G::kUnknown, "", "", "lake", true},
    {"chicken", "", "animal", "chicken", "", "Chicken", G::kUnknown, "", "", "", true},
    {"rooster", "", "animal", "chicken", "rooster", "Rooster", G::kUnknown, "", "", "", true},
    {"owl", "", "animal", "bird", "owl", "Owl", G::kUnknown, "", "", "forest", true},
    {"eagle", "", "animal", "bird", "eagle", "Eagle", G::kUnknown, "", "fly", "mountains", true},
    {"pigeon", "", "animal", "bird", "pigeon", "Pigeon", G::kUnknown, "", "", "city street", true},
    {"seagull", "", "animal", "bird", "seagull", "Seagull", G::kUnknown, "", "fly", "beach", true},
    {"crow", "", "animal", "bird", "crow", "Crow", G::kUnknown, "", "", "", true},
    {"hummingbird", "", "animal", "bird", "hummingbird", "Hummingbird", G::kUnknown, "", "fly", "", true},
    {"bird", "", "animal", "bird", "", "Bird", G::kUnknown, "", "", "", true},
    // Fish and sea life
    {"goldfish", "goldfish", "animal", "fish", "goldfish", "Goldfish", G::kUnknown, "", "swim", "underwater", true},
    {"shark", "", "animal", "fish", "shark", "Shark", G::kUnknown, "", "swim", "underwater", true},
    {"dolphin", "", "animal", "fish", "dolphin", "Dolphin", G::kUnknown, "", "swim", "underwater", true},
    {"whale", "", "animal", "fish", "whale", "Whale", G::kUnknown, "", "swim", "underwater", true},
    {"fish", "fish", "animal", "fish", "", "Fish", G::kUnknown, "", "swim", "underwater", true},
    // Other animals the renderer draws
    {"unicorn", "", "animal", "horse", "unicorn", "Unicorn", G::kUnknown, "", "", "", true},
    {"pony", "ponies", "animal", "horse", "pony", "Pony", G::kUnknown, "", "", "", true},
    {"horse", "", "animal", "horse", "", "Horse", G::kUnknown, "", "", "", true},
    {"fox", "foxes", "animal", "fox", "", "Fox", G::kUnknown, "", "", "forest", true},
    {"wolf", "wolves", "animal", "wolf", "", "Wolf", G::kUnknown, "", "", "forest", true},
    {"cow", "", "animal", "cow", "", "Cow", G::kUnknown, "", "", "", true},
    {"bull", "", "animal", "cow", "bull", "Bull", G::kUnknown, "", "", "", true},
    {"sheep", "sheep", "animal", "sheep", "", "Sheep", G::kUnknown, "", "", "", true},
    {"lamb", "", "animal", "sheep", "lamb", "Lamb", G::kUnknown, "", "", "", true},
    {"pig", "", "animal", "pig", "", "Pig", G::kUnknown, "", "", "", true},
    {"bunny", "bunnies", "animal", "rabbit", "", "Bunny", G::kUnknown, "", "", "", true},
    {"rabbit", "", "animal", "rabbit", "", "Rabbit", G::kUnknown, "", "", "", true},
    {"panda", "", "animal", "bear", "panda", "Panda", G::kUnknown, "", "", "forest", true},
    {"polar bear", "", "animal", "bear", "polar bear", "Bear", G::kUnknown, "", "", "snowfield", true},
    {"bear", "", "animal", "bear", "", "Bear", G::kUnknown, "", "", "forest", true},
    {"lion", "", "animal", "lion", "", "Lion", G::kUnknown, "", "", "", true},
    {"tiger", "", "animal", "lion", "tiger", "Tiger", G::kUnknown, "", "", "forest", true},
    // Animals without a drawing of their own (drawn as a generic animal, with a warning)
    {"elephant", "", "animal", "elephant", "", "Elephant", G::kUnknown, "", "", "", false},
    {"giraffe", "", "animal", "giraffe", "", "Giraffe", G::kUnknown, "", "", "", false},
    {"monkey", "", "animal", "monkey", "", "Monkey", G::kUnknown, "", "", "forest", false},
    {"zebra", "", "animal", "zebra", "", "Zebra", G::kUnknown, "", "", "", false},
    {"deer", "deer", "animal", "deer", "", "Deer", G::kUnknown, "", "", "forest", false},
    {"goat", "", "animal", "goat", "", "Goat", G::kUnknown, "", "", "mountains", false},
    {"frog", "", "animal", "frog", "", "Frog", G::kUnknown, "", "jump", "lake", false},
    {"turtle", "", "animal", "turtle", "", "Turtle", G::kUnknown, "", "", "", false},
    {"snake", "", "animal", "snake", "", "Snake", G::kUnknown, "", "", "", false},
    {"squirrel", "", "animal", "squirrel", "", "Squirrel", G::kUnknown, "", "", "park", false},
    {"mouse", "mice", "animal", "mouse", "", "Mouse", G::kUnknown, "", "", "", false},
    {"hamster", "", "animal", "hamster", "", "Hamster", G::kUnknown, "", "", "", false},
    {"raccoon", "", "animal", "raccoon", "", "Raccoon", G::kUnknown, "", "", "", false},
    {"kangaroo", "", "animal", "kangaroo", "", "Kangaroo", G::kUnknown, "", "jump", "desert", false},
    {"dragon", "", "animal", "dragon", "", "Dragon", G::kUnknown, "", "fly", "", false},
    {"dinosaur", "", "animal", "dinosaur", "", "Dinosaur", G::kUnknown, "", "", "forest", false},
    {"octopus", "octopuses", "animal", "octopus", "", "Octopus", G::kUnknown, "", "swim", "underwater", false},
    {"butterfly", "butterflies", "animal", "butterfly", "", "Butterfly", G::kUnknown, "", "fly", "park", false},
    {"bee", "", "animal", "bee", "", "Bee", G::kUnknown, "", "fly", "park", false},
    // People: news and media
    {"news anchor", "", "person", "", "", "Anchor", G::kUnknown, "adult", "talk", "newsroom", true},
    {"anchorwoman", "anchorwomen", "person", "", "", "Anchor", G::kFemale, "adult", "talk", "newsroom", true},
    {"anchorman", "anchormen", "person", "", "", "Anchor", G::kMale, "adult", "talk", "newsroom", true},
    {"newscaster", "", "person", "", "", "Anchor", G::kUnknown, "adult", "talk", "newsroom", true},
    {"anchor", "", "person", "", "", "Anchor", G::kUnknown, "adult", "talk", "newsroom", true},
    {"weatherman", "weathermen", "person", "", "", "Forecaster", G::kMale, "adult", "point", "newsroom", true},
    {"reporter", "", "person", "", "", "Reporter", G::kUnknown, "adult", "talk", "", true},
    {"journalist", "", "person", "", "", "Reporter", G::kUnknown, "adult", "talk", "", true},
    {"correspondent", "", "person", "", "", "Reporter", G::kUnknown, "adult", "talk", "", true},
    {"commentator", "", "person", "", "", "Commentator", G::kUnknown, "adult", "talk", "stadium", true},
    {"announcer", "", "person", "", "", "Commentator", G::kUnknown, "adult", "talk", "stadium", true},
    {"sportscaster", "", "person", "", "", "Commentator", G::kUnknown, "adult", "talk", "stadium", true},
    {"interviewer", "", "person", "", "", "Interviewer", G::kUnknown, "adult", "talk", "", true},
    {"presenter", "", "person", "", "", "Presenter", G::kUnknown, "adult", "talk", "", true},
    {"spokesperson", "spokespeople", "person", "", "", "Presenter", G::kUnknown, "adult", "talk", "", true},
    {"salesman", "salesmen", "person", "", "", "Presenter", G::kMale, "adult", "talk", "", true},
    {"saleswoman", "saleswomen", "person", "", "", "Presenter", G::kFemale, "adult", "talk", "", true},
    {"tv host", "", "person", "", "", "Host", G::kUnknown, "adult", "talk", "studio", true},
    {"host", "", "person", "", "", "Host", G::kUnknown, "adult", "talk", "", true},
    {"vlogger", "", "person", "", "", "Vlogger", G::kUnknown, "adult", "talk", "", true},
    {"youtuber", "", "person", "", "", "Vlogger", G::kUnknown, "adult", "talk", "", true},
    {"influencer", "", "person", "", "", "Vlogger", G::kUnknown, "adult", "talk", "", true},
    {"streamer", "", "person", "", "", "Vlogger", G::kUnknown, "adult", "talk", "", true},
    // People: sport and performance
    {"skateboarder", "", "person", "", "", "Skater", G::kUnknown, "", "skate", "skate park", true},
    {"skater", "", "person", "", "", "Skater", G::kUnknown, "", "skate", "skate park", true},
    {"wakeboarder", "", "person", "", "", "Wakeboarder", G::kUnknown, "", "wakeboard", "lake", true},
    {"surfer", "", "person", "", "", "Surfer", G::kUnknown, "", "surf", "beach", true},
    {"gymnast", "", "person", "", "", "Gymnast", G::kUnknown, "", "gymnastics", "gym", true},
    {"acrobat", "", "person", "", "", "Acrobat", G::kUnknown, "", "backflip", "stage", true},
    {"athlete", "", "person", "", "", "Athlete", G::kUnknown, "adult", "run", "stadium", true},
    {"runner", "", "person", "", "", "Runner", G::kUnknown, "", "run", "", true},
    {"sprinter", "", "person", "", "", "Runner", G::kUnknown, "", "run", "stadium", true},
    {"swimmer", "", "person", "", "", "Swimmer", G::kUnknown, "", "swim", "lake", true},
    {"cyclist", "", "person", "", "", "Cyclist", G::kUnknown, "", "ride", "", true},
    {"biker", "", "person", "", "", "Cyclist", G::kUnknown, "", "ride", "", true},
    {"rider", "", "person", "", "", "Rider", G::kUnknown, "", "ride", "", true},
    {"soccer player", "", "person", "", "", "Player", G::kUnknown, "", "run", "stadium", true},
    {"football player", "", "person", "", "", "Player", G::kUnknown, "", "run", "stadium", true},
    {"basketball player", "", "person", "", "", "Player", G::kUnknown, "", "throw", "stadium", true},
    {"tennis player", "", "person", "", "", "Player", G::kUnknown, "", "throw", "stadium", true},
    {"footballer", "", "person", "", "", "Player", G::kUnknown, "", "run", "stadium", true},
    {"player", "", "person", "", "", "Player", G::kUnknown, "", "", "", true},
    {"boxer", "", "person", "", "", "Boxer", G::kUnknown, "adult", "", "gym", true},
    {"hiker", "", "person", "", "", "Hiker", G::kUnknown, "", "walk", "mountains", true},
    {"ballerina", "", "person", "", "", "Dancer", G::kFemale, "", "dance", "stage", true},
    {"dancer", "", "person", "", "", "Dancer", G::kUnknown, "", "dance", "stage", true},
    {"singer", "", "person", "", "", "Singer", G::kUnknown, "", "sing", "stage", true},
    {"rapper", "", "person", "", "", "Rapper", G::kUnknown, "", "sing", "stage", true},
    {"musician", "", "person", "", "", "Musician", G::kUnknown, "", "", "stage", true},
    {"guitarist", "", "person", "", "", "Guitarist", G::kUnknown, "", "", "stage", true},
    {"comedian", "", "person", "", "", "Comedian", G::kUnknown, "adult", "talk", "stage", true},
    {"magician", "", "person", "", "", "Magician", G::kUnknown, "adult", "", "stage", true},
    {"clown", "", "person", "", "", "Clown", G::kUnknown, "", "", "", true},
    // People: work
    {"chef", "", "person", "", "", "Chef", G::kUnknown, "adult", "", "kitchen", true},
    {"baker", "", "person", "", "", "Baker", G::kUnknown, "adult", "", "kitchen", true},
    {"barista", "", "person", "", "", "Barista", G::kUnknown, "adult", "", "restaurant", true},
    {"waitress", "", "person", "", "", "Waiter", G::kFemale, "adult", "walk", "restaurant", true},
    {"waiter", "", "person", "", "", "Waiter", G::kMale, "adult", "walk", "restaurant", true},
    {"astronaut", "", "person", "", "", "Astronaut", G::kUnknown, "adult", "", "space", true},
    {"doctor", "", "person", "", "", "Doctor", G::kUnknown, "adult", "", "", true},
    {"nurse", "", "person", "", "", "Nurse", G::kUnknown, "adult", "", "", true},
    {"teacher", "", "person", "", "", "Teacher", G::kUnknown, "adult", "talk", "classroom", true},
    {"professor", "", "person", "", "", "Professor", G::kUnknown, "elder", "talk", "classroom", true},
    {"student", "", "person", "", "", "Student", G::kUnknown, "teen", "", "classroom", true},
    {"scientist", "", "person", "", "", "Scientist", G::kUnknown, "adult", "", "", true},
    {"businesswoman", "businesswomen", "person", "", "", "Businesswoman", G::kFemale, "adult", "", "office", true},
    {"businessman", "businessmen", "person", "", "", "Businessman", G::kMale, "adult", "", "office", true},
    {"police officer", "", "person", "", "", "Officer", G::kUnknown, "adult", "", "city street", true},
    {"policewoman", "policewomen", "person", "", "", "Officer", G::kFemale, "adult", "", "city street", true},
    {"policeman", "policemen", "person", "", "", "Officer", G::kMale, "adult", "", "city street", true},
    {"cop", "", "person", "", "", "Officer", G::kUnknown, "adult", "", "city street", true},
    {"firefighter", "", "person", "", "", "Firefighter", G::kUnknown, "adult", "", "", true},
    {"farmer", "", "person", "", "", "Farmer", G::kUnknown, "adult", "", "park", true},
    {"fisherman", "fishermen", "person", "", "", "Fisherman", G::kMale, "adult", "", "lake", true},
    {"detective", "", "person", "", "", "Detective", G::kUnknown, "adult", "", "city street", true},
    {"soldier", "", "person", "", "", "Soldier", G::kUnknown, "adult", "walk", "", true},
    {"customer", "", "person", "", "", "Customer", G::kUnknown, "adult", "", "", true},
    // People: fantasy
    {"wizard", "", "person", "", "", "Wizard", G::kMale, "elder", "", "", true},
    {"witch", "witches", "person", "", "", "Witch", G::kFemale, "", "", "", true},
    {"pirate", "", "person", "", "", "Pirate", G::kUnknown, "adult", "", "beach", true},
    {"knight", "", "person", "", "", "Knight", G::kUnknown, "adult", "", "", true},
    {"princess", "princesses", "person", "", "", "Princess", G::kFemale, "", "", "", true},
    {"prince", "", "person", "", "", "Prince", G::kMale, "", "", "", true},
    {"queen", "", "person", "", "", "Queen", G::kFemale, "adult", "", "", true},
    {"king", "", "person", "", "", "King", G::kMale, "adult", "", "", true},
    {"ninja", "", "person", "", "", "Ninja", G::kUnknown, "adult", "", "", true},
    {"samurai", "samurai", "person", "", "", "Samurai", G::kMale, "adult", "", "", true},
    {"cowboy", "", "person", "", "", "Cowboy", G::kMale, "adult", "ride", "desert", true},
    {"cowgirl", "", "person", "", "", "Cowgirl", G::kFemale, "adult", "ride", "desert", true},
    {"superhero", "", "person", "", "", "Hero", G::kUnknown, "adult", "", "city street", true},
    {"alien", "", "person", "", "", "Alien", G::kUnknown, "", "", "space", true},
    {"zombie", "", "person", "", "", "Zombie", G::kUnknown, "", "walk", "", true},
    {"vampire", "", "person", "", "", "Vampire", G::kUnknown, "adult", "", "", true},
    {"ghost", "", "person", "", "", "Ghost", G::kUnknown, "", "", "", true},
    {"elf", "elves", "person", "", "", "Elf", G::kUnknown, "", "", "forest", true},
    // People: family and age
    {"grandmother", "", "person", "", "", "Grandma", G::kFemale, "elder", "", "", true},
    {"grandma", "", "person", "", "", "Grandma", G::kFemale, "elder", "", "", true},
    {"granny", "grannies", "person", "", "", "Grandma", G::kFemale, "elder", "", "", true},
    {"grandfather", "", "person", "", "", "Grandpa", G::kMale, "elder", "", "", true},
    {"grandpa", "", "person", "", "", "Grandpa", G::kMale, "elder", "", "", true},
    {"old woman", "old women", "person", "", "", "Woman", G::kFemale, "elder", "", "", true},
    {"old lady", "old ladies", "person", "", "", "Woman", G::kFemale, "elder", "", "", true},
    {"old man", "old men", "person", "", "", "Man", G::kMale, "elder", "", "", true},
    {"mother", "", "person", "", "", "Mom", G::kFemale, "adult", "", "", true},
    {"mom", "", "person", "", "", "Mom", G::kFemale, "adult", "", "", true},
    {"father", "", "person", "", "", "Dad", G::kMale, "adult", "", "", true},
    {"dad", "", "person", "", "", "Dad", G::kMale, "adult", "", "", true},
    {"teenager", "", "person", "", "", "Teen", G::kUnknown, "teen", "", "", true},
    {"teen", "", "person", "", "", "Teen", G::kUnknown, "teen", "", "", true},
    {"toddler", "", "person", "", "", "Child", G::kUnknown, "child", "", "", true},
    {"baby", "babies", "person", "", "", "Baby", G::kUnknown, "child", "", "", true},
    {"child", "children", "person", "", "", "Child", G::kUnknown, "child", "", "", true},
    {"kid", "", "person", "", "", "Kid", G::kUnknown, "child", "", "", true},
    {"girl", "", "person", "", "", "Girl", G::kFemale, "child", "", "", true},
    {"boy", "", "person", "", "", "Boy", G::kMale, "child", "", "", true},
    {"woman", "women", "person", "", "", "Woman", G::kFemale, "adult", "", "", true},
    {"lady", "ladies", "person", "", "", "Woman", G::kFemale, "adult", "", "", true},
    {"gentleman", "gentlemen", "person", "", "", "Man", G::kMale, "adult", "", "", true},
    {"man", "men", "person", "", "", "Man", G::kMale, "adult", "", "", true},
    {"guy", "", "person", "", "", "Man", G::kMale, "adult", "", "", true},
    {"granddaughter", "", "person", "", "", "Granddaughter", G::kFemale, "child", "", "", true},
    {"grandson", "", "person", "", "", "Grandson", G::kMale, "child", "", "", true},
    {"daughter", "", "person", "", "", "Daughter", G::kFemale, "child", "", "", true},
    {"son", "", "person", "", "", "Son", G::kMale, "child", "", "", true},
    {"sister", "", "person", "", "", "Sister", G::kFemale, "", "", "", true},
    {"brother", "", "person", "", "", "Brother", G::kMale, "", "", "", true},
    {"wife", "wives", "person", "", "", "Wife", G::kFemale, "adult", "", "", true},
    {"husband", "", "person", "", "", "Husband", G::kMale, "adult", "", "", true},
    {"aunt", "", "person", "", "", "Aunt", G::kFemale, "adult", "", "", true},
    {"uncle", "", "person", "", "", "Uncle", G::kMale, "adult", "", "", true},
    {"bride", "", "person", "", "", "Bride", G::kFemale, "adult", "", "", true},
    {"groom", "", "person", "", "", "Groom", G::kMale, "adult", "", "", true},
    {"owner", "", "person", "", "", "Owner", G::kUnknown, "adult", "", "", true},
    {"mail carrier", "", "person", "", "", "Mail Carrier", G::kUnknown, "adult", "walk", "city street", true},
    {"mailman", "mailmen", "person", "", "", "Mail Carrier", G::kMale, "adult", "walk", "city street", true},
    {"postman", "postmen", "person", "", "", "Mail Carrier", G::kMale, "adult", "walk", "city street", true},
    {"courier", "", "person", "", "", "Courier", G::kUnknown, "adult", "", "city street", true},
    {"delivery driver", "", "person", "", "", "Courier", G::kUnknown, "adult", "", "city street", true},
    {"shopkeeper", "", "person", "", "", "Shopkeeper", G::kUnknown, "adult", "", "", true},
    {"neighbor", "", "person", "", "", "Neighbor", G::kUnknown, "adult", "", "", true},
    {"stranger", "", "person", "", "", "Stranger", G::kUnknown, "adult", "", "", true},
    {"tourist", "", "person", "", "", "Tourist", G::kUnknown, "adult", "walk", "city street", true},
    {"artist", "", "person", "", "", "Artist", G::kUnknown, "adult", "", "", true},
    {"painter", "", "person", "", "", "Painter", G::kUnknown, "adult", "", "", true},
    {"photographer", "", "person", "", "", "Photographer", G::kUnknown, "adult", "", "", true},
    {"pilot", "", "person", "", "", "Pilot", G::kUnknown, "adult", "", "", true},
    {"sailor", "", "person", "", "", "Sailor", G::kUnknown, "adult", "", "beach", true},
    {"driver", "", "person", "", "", "Driver", G::kUnknown, "adult", "ride", "city street", true},
    {"winner", "", "person", "", "", "Winner", G::kUnknown, "", "fist-pump", "", true},
    {"champion", "", "person", "", "", "Champion", G::kUnknown, "", "fist-pump", "stadium", true},
    {"girlfriend", "", "person", "", "", "Girlfriend", G::kFemale, "adult", "", "", true},
    {"boyfriend", "", "person", "", "", "Boyfriend", G::kMale, "adult", "", "", true},
    {"friend", "", "person", "", "", "Friend", G::kUnknown, "", "", "", true},
    {"person", "people", "person", "", "", "Person", G::kUnknown, "", "", "", true},
    // Objects with a drawing of their own
    {"robot", "", "object", "", "", "Robot", G::kUnknown, "", "", "", true},
    {"car", "", "object", "", "", "Car", G::kUnknown, "", "", "city street", true},
    {"truck", "", "object", "", "", "Truck", G::kUnknown, "", "", "city street", true},
    {"balloon", "", "object", "", "", "Balloon", G::kUnknown, "", "", "", true},
    {"ball", "", "object", "", "", "Ball", G::kUnknown, "", "", "", true},
    {"globe", "", "object", "", "", "Globe", G::kUnknown, "", "", "", true},
    {"coffee cup", "", "object", "", "", "Cup", G::kUnknown, "", "", "", true},
    {"mug", "", "object", "", "", "Mug", G::kUnknown, "", "", "", true},
    {"cup", "", "object", "", "", "Cup", G::kUnknown, "", "", "", true},
    {"smartphone", "", "object", "", "", "Phone", G::kUnknown, "", "", "", true},
    {"phone", "", "object", "", "", "Phone", G::kUnknown, "", "", "", true},
    {"laptop", "", "object", "", "", "Laptop", G::kUnknown, "", "", "", true},
    {"book", "", "object", "", "", "Book", G::kUnknown, "", "", "", true},
    {"billboard", "", "object", "", "", "Sign", G::kUnknown, "", "", "city street", true},
    {"banner", "", "object", "", "", "Sign", G::kUnknown, "", "", "", true},
    {"poster", "", "object", "", "", "Sign", G::kUnknown, "", "", "", true},
    {"sign", "", "object", "", "", "Sign", G::kUnknown, "", "", "", true},
    {"gift", "", "object", "", "", "Gift", G::kUnknown, "", "", "", true},
    {"box", "boxes", "object", "", "", "Box", G::kUnknown, "", "", "", true},
};
// clang-format on

// clang-format off
constexpr std::string_view kCastExclusions[] = {
    "hot dog", "sea lion", "teddy bear", "pommel horse", "rocking horse", "hobby horse", "dog tag",
    "dog park", "box office", "fish tank", "lunch box", "fish and chips", "top dog", "car park",
    "sign language", "world cup", "baby blue", "fishing rod", "chef's hat", "chef hat",
    "cowboy hat", "cowboy boots", "pirate hat", "pirate ship", "police car", "birthday boy",
    "birthday girl",
};
// clang-format on

// clang-format off
constexpr std::string_view kColors[] = {
    "light blue", "dark blue", "sky blue", "royal blue", "navy blue", "baby blue", "light green",
    "dark green", "hot pink", "light pink", "dark red", "light brown", "dark brown", "red",
    "crimson", "maroon", "burgundy", "orange", "coral", "peach", "yellow", "gold", "golden",
    "blonde", "blond", "brown", "chestnut", "auburn", "ginger", "tan", "beige", "cream", "khaki",
    "green", "olive", "lime", "mint", "teal", "turquoise", "cyan", "blue", "navy", "denim",
    "purple", "violet", "lavender", "pink", "magenta", "black", "white", "grey", "gray", "silver",
    "charcoal", "copper", "rainbow",
};
// clang-format on

// clang-format off
constexpr std::string_view kOutfit[] = {
    "leather jacket", "denim jacket", "lab coat", "trench coat", "rain coat", "raincoat", "t-shirt",
    "tee shirt", "hoodie", "sweatshirt", "shirt", "polo", "blouse", "sweater", "jumper", "cardigan",
    "jacket", "coat", "parka", "vest", "tuxedo", "suit", "dress", "gown", "skirt", "jeans", "pants",
    "trousers", "shorts", "leggings", "overalls", "uniform", "jersey", "tracksuit", "apron", "robe",
    "kimono", "hanbok", "saree", "bikini", "swimsuit", "wetsuit", "leotard", "cape", "costume",
    "top hat", "cowboy hat", "sun hat", "baseball cap", "hat", "cap", "beanie", "helmet", "beret",
    "fedora", "bandana", "boots", "sneakers", "shoes", "sandals", "gloves", "scarf", "collar",
};
// clang-format on

// clang-format off
constexpr Term kAccessories[] = {
    {"gold chain", "gold chain"}, {"silver chain", "silver chain"}, {"chain", "chain"},
    {"necklace", "necklace"}, {"sunglasses", "sunglasses"}, {"shades", "sunglasses"},
    {"glasses", "glasses"}, {"spectacles", "glasses"}, {"goggles", "goggles"},
    {"earrings", "earrings"}, {"wristwatch", "watch"}, {"bracelet", "bracelet"},
    {"backpack", "backpack"}, {"headphones", "headphones"}, {"earbuds", "earbuds"},
    {"bow tie", "bow tie"}, {"necktie", "tie"}, {"tie", "tie"}, {"crown", "crown"},
    {"tiara", "tiara"}, {"mask", "mask"}, {"handbag", "handbag"}, {"purse", "handbag"},
    {"microphone", "microphone"}, {"medal", "medal"}, {"beard", "beard"}, {"mustache", "mustache"},
    {"moustache", "mustache"}, {"wings", "wings"}, {"feathers", "feathers"},
};
// clang-format on

constexpr std::string_view kHeadwear[] = {"top hat", "cowboy hat", "sun hat", "baseball cap",
                                          "hat",     "cap",        "beanie",  "helmet",
                                          "beret",   "fedora",     "bandana", "crown"};

// Words the planner understands but does not draw as cast members.
// clang-format off
constexpr std::string_view kNonCast[] = {
    // the video itself and its parts
    "video", "clip", "film", "movie", "short", "story", "scene", "shot", "frame", "sequence",
    "montage", "trailer", "ad", "advert", "advertisement", "commercial", "promo", "report",
    "segment", "broadcast", "news", "interview", "vlog", "podcast", "episode", "series", "show",
    "style", "look", "mood", "vibe", "feel", "view", "angle", "camera", "lens", "version",
    "tagline", "slogan", "caption", "title", "subtitle", "line", "word", "message", "voice",
    "voiceover", "sound", "noise", "music", "song", "beat", "soundtrack", "narration", "speech",
    "conversation", "chat", "talk", "dialogue", "call", "commentary", "play-by-play", "forecast",
    "toast", "greeting", "announcement", "presentation", "update", "review", "unboxing",
    "documentary", "reel", "teaser", "highlight", "highlights", "recap", "countdown", "wish",
    "surprise", "prank", "challenge", "meme", "cooking", "workout",
    // time and occasions
    "day", "night", "morning", "evening", "afternoon", "moment", "time", "minute", "second", "hour",
    "year", "week", "weekend", "life", "summer", "winter", "spring", "autumn", "holiday",
    "vacation", "birthday", "wedding", "anniversary", "graduation", "ceremony", "party",
    "celebration", "festival", "event", "occasion", "breakfast", "lunch", "dinner", "meal",
    "picnic",
    // action nouns
    "routine", "trick", "move", "performance", "game", "match", "race", "contest", "competition",
    "final", "finals", "championship", "tournament", "landing", "attempt", "try", "win", "victory",
    "goal", "score", "point", "lesson", "tutorial", "recipe", "journey", "adventure", "trip",
    "walk", "run", "jump", "flip", "backflip", "kickflip", "ride", "swim", "dance", "wave", "waves",
    "fall", "throw", "catch", "spin", "turn", "step", "steps", "pose",
    // scenery and stuff of the world
    "crowd", "audience", "fans", "background", "foreground", "sky", "sun", "moon", "star", "stars",
    "cloud", "clouds", "rain", "snow", "wind", "water", "air", "ground", "floor", "wall", "room",
    "place", "world", "light", "lights", "shadow", "shadows", "tree", "trees", "grass", "sand",
    "rock", "rocks", "road", "path", "sidewalk", "building", "buildings", "skyline", "horizon",
    "sunset", "sunrise", "weather", "storm", "fire", "smoke", "color", "colour", "colors",
    "colours", "table", "desk", "chair", "bench", "door", "window", "cake", "candles", "confetti",
    "food", "drink", "coffee", "tea", "pizza", "sandwich", "burger", "ice cream", "popcorn",
    "slow motion", "slow-motion", "ice", "puddle", "puddles", "leaves", "mud", "neon", "fireworks",
    "firework", "breeze", "waterfall", "finish line", "fireplace", "shoulder", "lap", "arms", "hug",
    "kiss", "ocean", "sea", "lake", "river", "applause", "cheers", "crowds", "spotlight", "stage",
    "scenery", "view",
    // quantities and vague nouns
    "lot", "bit", "way", "kind", "type", "sort", "piece", "pair", "group", "bunch", "few", "couple",
    "team", "family", "thing", "something", "everything", "someone", "everyone", "side", "front",
    "back", "middle", "end", "start", "beginning", "edge", "top", "bottom", "distance", "glimpse",
    "hint", "touch", "sense", "loop", "theme", "product",
    // body parts
    "hand", "hands", "face", "head", "arm", "arms", "leg", "legs", "fist", "eyes", "eye", "hair",
    "mouth", "feet", "foot", "tail", "paw", "paws", "smile", "nose", "ears",
};
// clang-format on

// clang-format off
constexpr std::string_view kGear[] = {
    "skateboard", "board", "surfboard", "wakeboard", "snowboard", "skis", "ski", "bike", "bicycle",
    "scooter", "rope", "boat", "kayak", "canoe",
};
// clang-format on

// clang-format off
constexpr std::string_view kDrawnProps[] = {
    "ball", "balloon", "globe", "skateboard", "surfboard", "car", "truck", "cup", "mug", "coffee",
    "phone", "book", "laptop", "sign", "gift", "box",
};
// clang-format on

// clang-format off
constexpr std::string_view kBreaks[] = {
    // prepositions and conjunctions
    "in", "on", "at", "with", "by", "near", "under", "over", "from", "to", "into", "onto", "of",
    "for", "through", "across", "around", "behind", "beside", "inside", "outside", "above", "below",
    "while", "as", "and", "or", "but", "then", "that", "who", "which", "where", "when", "is", "are",
    "was", "were", "be", "being", "has", "have", "had", "can", "will", "does", "do", "did", "not",
    "very", "so", "too", "also", "just", "really", "named", "called", "says", "said", "asks",
    "asked", "replies", "replied", "answers", "shouts", "whispers", "yells", "sings", "saying",
    "like", "against", "along", "toward", "towards", "past", "up", "down", "off", "out", "away",
    "back", "here", "there", "again", "together",
    // common verbs that follow a subject
    "float", "floats", "floating", "glow", "glows", "glowing", "spin", "spins", "spinning", "shine",
    "shines", "shining", "appear", "appears", "appearing", "disappear", "disappears", "stand",
    "stands", "standing", "lie", "lies", "lying", "sleep", "sleeps", "sleeping", "roll", "rolls",
    "rolling", "move", "moves", "moving", "sit", "sits", "sitting", "smile", "smiles", "smiling",
    "watch", "watches", "watching", "look", "looks", "looking", "stare", "stares", "wait", "waits",
    "waiting", "play", "plays", "playing", "rest", "rests", "resting", "hang", "hangs", "hanging",
    "drift", "drifts", "drifting", "hover", "hovers", "hovering", "sparkle", "sparkles", "burn",
    "burns", "rise", "rises", "rising", "open", "opens", "close", "closes", "wobble", "wobbles",
    "shake", "shakes", "ring", "rings", "beep", "beeps", "hum", "hums", "buzz", "buzzes", "crawl",
    "crawls", "slide", "slides", "sliding", "melt", "melts", "explode", "explodes", "grow", "grows",
    "shrink", "shrinks", "hold", "holds", "holding", "wear", "wears", "wearing", "carry", "carries",
    "carrying", "get", "gets", "go", "goes", "going", "come", "comes", "coming", "make", "makes",
    "making", "take", "takes", "taking", "give", "gives", "giving", "try", "tries", "trying",
    "sell", "sells", "selling", "show", "shows", "showing", "turns", "becomes", "lands", "landing",
    "tries", "enjoys", "loves", "learns", "meets", "finds", "sees", "hears", "feels", "keeps",
    "leaves", "arrives", "enters", "exits", "stops", "starts", "begins", "ends", "does", "doing",
    "performs", "performing",
};
// clang-format on

// clang-format off
constexpr std::string_view kDescriptors[] = {
    "giant", "huge", "big", "large", "massive", "enormous", "tiny", "small", "little", "mini",
    "old", "young", "new", "shiny", "glowing", "sparkly", "sparkling", "magic", "magical", "golden",
    "wooden", "metal", "plastic", "glass", "fluffy", "furry", "fuzzy", "cute", "adorable", "happy",
    "sad", "angry", "grumpy", "sleepy", "funny", "silly", "brave", "proud", "curious", "friendly",
    "tall", "short", "fat", "thin", "skinny", "strong", "beautiful", "handsome", "pretty",
    "elegant", "fancy", "cool", "retro", "vintage", "futuristic", "robotic", "mechanical",
    "electric", "flying", "talking", "singing", "dancing", "running", "smiling", "laughing",
    "sleeping", "mysterious", "strange", "weird", "wild", "lonely", "famous", "professional",
    "amateur", "local", "bright", "dark", "light", "pale", "neon", "striped", "spotted",
    "polka-dot", "feathered", "ancient", "modern", "broken", "floating", "spinning", "enchanted",
    "haunted", "rusty", "gleaming", "majestic", "graceful", "clumsy", "lazy", "fast", "slow",
    "excited", "nervous", "confident", "stylish", "quirky", "giant-sized", "oversized",
};
// clang-format on

template <size_t N>
bool Contains(const std::string_view (&list)[N], std::string_view word) {
  return std::find(std::begin(list), std::end(list), word) != std::end(list);
}

}  // namespace

std::span<const CastTerm> CastTerms() { return kCast; }
std::span<const std::string_view> CastExclusions() { return kCastExclusions; }

const CastTerm* FindCastTerm(std::string_view word) {
  for (const CastTerm& t : kCast) {
    if (t.word == word) return &t;
  }
  return nullptr;
}

const CastTerm* PerformerForVerb(std::string_view verb) {
  static constexpr std::pair<std::string_view, std::string_view> kPerformers[] = {
      {"kickflip", "skater"}, {"skate", "skater"},       {"wakeboard", "wakeboarder"},
      {"surf", "surfer"},     {"gymnastics", "gymnast"}, {"dance", "dancer"},
      {"sing", "singer"},     {"swim", "swimmer"},       {"run", "runner"},
      {"ride", "rider"},      {"backflip", "acrobat"},   {"bark", "dog"},
  };
  for (auto [v, word] : kPerformers) {
    if (v == verb) return FindCastTerm(word);
  }
  return FindCastTerm("person");
}

std::span<const std::string_view> Colors() { return kColors; }
std::span<const std::string_view> OutfitItems() { return kOutfit; }
std::span<const Term> AccessoryTerms() { return kAccessories; }
bool IsHeadwear(std::string_view item) { return Contains(kHeadwear, item); }

bool IsWearable(std::string_view noun) {
  if (Contains(kOutfit, noun)) return true;
  for (const Term& t : kAccessories) {
    if (t.word == noun) return true;
  }
  return false;
}

bool IsKnownNonCastNoun(std::string_view word) {
  return Contains(kNonCast, word) || Contains(kGear, word);
}
bool IsGear(std::string_view word) { return Contains(kGear, word); }
bool IsDrawnProp(std::string_view word) { return Contains(kDrawnProps, word); }
bool IsPhraseBreak(std::string_view word) { return Contains(kBreaks, word); }
bool IsDescriptor(std::string_view word) { return Contains(kDescriptors, word); }

}  // namespace kinora::engine::plan
