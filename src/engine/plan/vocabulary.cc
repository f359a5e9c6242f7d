#include "engine/plan/vocabulary.h"

#include <algorithm>
#include <array>

namespace kinora::engine::plan {
namespace {

// Each table lists longer phrases before the shorter words inside them; a tie
// at the same position goes to the longer match anyway.

// clang-format off
constexpr Term kPlaces[] = {
    {"skate park", "skate park"}, {"skatepark", "skate park"}, {"half-pipe", "skate park"},
    {"halfpipe", "skate park"}, {"skate ramp", "skate park"}, {"news desk", "newsroom"},
    {"news studio", "newsroom"}, {"newsroom", "newsroom"}, {"living room", "living room"},
    {"couch", "living room"}, {"sofa", "living room"}, {"bedroom", "living room"},
    {"apartment", "living room"}, {"at home", "living room"}, {"fireplace", "living room"},
    {"dog park", "park"}, {"car park", "city street"}, {"studio ghibli", ""},
    {"coffee shop", "restaurant"}, {"restaurant", "restaurant"}, {"cafe", "restaurant"},
    {"café", "restaurant"}, {"diner", "restaurant"}, {"bistro", "restaurant"},
    {"pizzeria", "restaurant"}, {"pub", "restaurant"}, {"outer space", "space"},
    {"space station", "space"}, {"spaceship", "space"}, {"spacecraft", "space"},
    {"on the moon", "space"}, {"lunar", "space"}, {"mars", "space"}, {"galaxy", "space"},
    {"space", "space"}, {"underwater", "underwater"}, {"under water", "underwater"},
    {"under the sea", "underwater"}, {"coral reef", "underwater"}, {"reef", "underwater"},
    {"ocean floor", "underwater"}, {"seabed", "underwater"}, {"aquarium", "underwater"},
    {"beach", "beach"}, {"seaside", "beach"}, {"shore", "beach"}, {"coast", "beach"},
    {"boardwalk", "beach"}, {"pier", "beach"}, {"ocean", "beach"}, {"sea", "beach"},
    {"island", "beach"}, {"times square", "city street"}, {"city", "city street"},
    {"street", "city street"}, {"downtown", "city street"}, {"sidewalk", "city street"},
    {"alley", "city street"}, {"avenue", "city street"}, {"crosswalk", "city street"},
    {"rooftop", "city street"}, {"neighborhood", "city street"}, {"town", "city street"},
    {"new york", "city street"}, {"nyc", "city street"}, {"tokyo", "city street"},
    {"paris", "city street"}, {"london", "city street"}, {"seoul", "city street"},
    {"berlin", "city street"}, {"rome", "city street"}, {"madrid", "city street"},
    {"barcelona", "city street"}, {"chicago", "city street"}, {"los angeles", "city street"},
    {"san francisco", "city street"}, {"hong kong", "city street"}, {"shanghai", "city street"},
    {"mumbai", "city street"}, {"istanbul", "city street"}, {"bangkok", "city street"},
    {"cairo", "city street"}, {"soccer field", "stadium"}, {"football field", "stadium"},
    {"football pitch", "stadium"}, {"basketball court", "stadium"}, {"tennis court", "stadium"},
    {"race track", "stadium"}, {"racetrack", "stadium"}, {"running track", "stadium"},
    {"ballpark", "stadium"}, {"stadium", "stadium"}, {"arena", "stadium"}, {"park", "park"},
    {"garden", "park"}, {"playground", "park"}, {"meadow", "park"}, {"backyard", "park"},
    {"lawn", "park"}, {"field", "park"}, {"swimming pool", "lake"}, {"pool", "lake"},
    {"lake", "lake"}, {"river", "lake"}, {"pond", "lake"}, {"lagoon", "lake"}, {"canal", "lake"},
    {"boxing ring", "gym"}, {"gymnasium", "gym"}, {"fitness center", "gym"}, {"dojo", "gym"},
    {"gym", "gym"}, {"rainforest", "forest"}, {"forest", "forest"}, {"woods", "forest"},
    {"jungle", "forest"}, {"grove", "forest"}, {"mountain", "mountains"}, {"hillside", "mountains"},
    {"hill", "mountains"}, {"cliff", "mountains"}, {"summit", "mountains"}, {"canyon", "mountains"},
    {"valley", "mountains"}, {"alps", "mountains"}, {"kitchen", "kitchen"}, {"bakery", "kitchen"},
    {"office", "office"}, {"cubicle", "office"}, {"boardroom", "office"},
    {"meeting room", "office"}, {"conference room", "office"}, {"stage", "stage"},
    {"concert", "stage"}, {"theater", "stage"}, {"theatre", "stage"}, {"auditorium", "stage"},
    {"nightclub", "stage"}, {"night club", "stage"}, {"karaoke", "stage"}, {"desert", "desert"},
    {"savanna", "desert"}, {"savannah", "desert"}, {"dune", "desert"}, {"sahara", "desert"},
    {"snowfield", "snowfield"}, {"snow field", "snowfield"}, {"tundra", "snowfield"},
    {"arctic", "snowfield"}, {"antarctica", "snowfield"}, {"ski slope", "snowfield"},
    {"glacier", "snowfield"}, {"north pole", "snowfield"}, {"classroom", "classroom"},
    {"lecture hall", "classroom"}, {"school", "classroom"}, {"library", "classroom"},
    {"photo studio", "studio"}, {"tv studio", "studio"}, {"white background", "studio"},
    {"studio", "studio"},
};
// clang-format on

// clang-format off
constexpr Term kTimes[] = {
    {"golden hour", "sunset"}, {"sunset", "sunset"}, {"sundown", "sunset"}, {"sunrise", "dawn"},
    {"daybreak", "dawn"}, {"first light", "dawn"}, {"dawn", "dawn"}, {"midnight", "night"},
    {"nighttime", "night"}, {"night", "night"}, {"tonight", "night"}, {"moonlight", "night"},
    {"moonlit", "night"}, {"starry", "night"}, {"under the stars", "night"}, {"blue hour", "dusk"},
    {"evening", "dusk"}, {"dusk", "dusk"}, {"twilight", "dusk"}, {"late afternoon", "afternoon"},
    {"afternoon", "afternoon"}, {"morning", "morning"}, {"midday", "noon"}, {"noon", "noon"},
    {"lunchtime", "noon"}, {"daytime", "noon"}, {"broad daylight", "noon"},
};
// clang-format on

// clang-format off
constexpr Term kWeather[] = {
    {"thunderstorm", "rain"}, {"rainstorm", "rain"}, {"downpour", "rain"}, {"drizzle", "rain"},
    {"raining", "rain"}, {"rainy", "rain"}, {"rains", "rain"}, {"rain", "rain"}, {"stormy", "rain"},
    {"storm", "rain"}, {"blizzard", "snow"}, {"snowfall", "snow"}, {"snowflakes", "snow"},
    {"snowing", "snow"}, {"snows", "snow"}, {"snowy", "snow"}, {"snow", "snow"}, {"foggy", "fog"},
    {"fog", "fog"}, {"misty", "fog"}, {"mist", "fog"}, {"hazy", "fog"}, {"haze", "fog"},
    {"overcast", "cloudy"}, {"cloudy", "cloudy"}, {"clouds", "cloudy"}, {"grey sky", "cloudy"},
    {"gray sky", "cloudy"}, {"windy", "wind"}, {"wind", "wind"}, {"breezy", "wind"},
    {"breeze", "wind"}, {"gusty", "wind"}, {"gale", "wind"}, {"tornado", "wind"},
    {"sunny", "clear"}, {"clear sky", "clear"}, {"clear skies", "clear"}, {"blue sky", "clear"},
    {"sunshine", "clear"},
};
// clang-format on

// clang-format off
constexpr Term kStyles[] = {
    {"studio ghibli", "anime"}, {"anime", "anime"}, {"manga", "anime"}, {"3d animated", "cartoon"},
    {"pixar", "cartoon"}, {"disney", "cartoon"}, {"cartoon", "cartoon"}, {"animated", "cartoon"},
    {"claymation", "claymation"}, {"clay animation", "claymation"}, {"made of clay", "claymation"},
    {"plasticine", "claymation"}, {"stop motion", "claymation"}, {"stop-motion", "claymation"},
    {"film noir", "noir"}, {"noir", "noir"}, {"black and white", "noir"},
    {"black-and-white", "noir"}, {"monochrome", "noir"}, {"grayscale", "noir"},
    {"watercolor", "watercolor"}, {"watercolour", "watercolor"}, {"ink wash", "watercolor"},
    {"oil painting", "painting"}, {"impressionist", "painting"}, {"van gogh", "painting"},
    {"painterly", "painting"}, {"painting", "painting"}, {"painted", "painting"},
    {"pixel art", "pixel art"}, {"pixel-art", "pixel art"}, {"pixelated", "pixel art"},
    {"8-bit", "pixel art"}, {"16-bit", "pixel art"}, {"retro game", "pixel art"},
    {"vintage", "vintage film"}, {"old film", "vintage film"}, {"film grain", "vintage film"},
    {"super 8", "vintage film"}, {"8mm", "vintage film"}, {"16mm", "vintage film"},
    {"sepia", "vintage film"}, {"vhs", "vintage film"}, {"home movie", "vintage film"},
    {"archival", "vintage film"}, {"retro", "vintage film"}, {"1970s", "vintage film"},
    {"photorealistic", "realistic"}, {"photoreal", "realistic"}, {"realistic", "realistic"},
    {"lifelike", "realistic"}, {"live action", "realistic"}, {"live-action", "realistic"},
    {"documentary", "realistic"}, {"cinematic", "realistic"},
};
// clang-format on

// clang-format off
constexpr Term kMoods[] = {
    {"breaking news", "news"}, {"newscast", "news"}, {"news", "news"}, {"epic", "epic"},
    {"olympic*", "epic"}, {"championship", "epic"}, {"heroic", "epic"}, {"triumphant", "epic"},
    {"world cup", "epic"}, {"scary", "tense"}, {"horror", "tense"}, {"creepy", "tense"},
    {"tense", "tense"}, {"suspense*", "tense"}, {"thriller", "tense"}, {"spooky", "tense"},
    {"haunted", "tense"}, {"sad", "sad"}, {"crying", "sad"}, {"cries", "sad"}, {"tears", "sad"},
    {"lonely", "sad"}, {"melanchol*", "sad"}, {"heartbr*", "sad"}, {"funny", "funny"},
    {"silly", "funny"}, {"hilarious", "funny"}, {"comedy", "funny"}, {"comedic", "funny"},
    {"goofy", "funny"}, {"prank", "funny"}, {"romantic", "romantic"}, {"romance", "romantic"},
    {"love", "romantic"}, {"kiss*", "romantic"}, {"valentine*", "romantic"},
    {"mysterious", "mysterious"}, {"mystery", "mysterious"}, {"eerie", "mysterious"},
    {"enigmatic", "mysterious"}, {"happy", "upbeat"}, {"cheerful", "upbeat"}, {"upbeat", "upbeat"},
    {"excited", "upbeat"}, {"exciting", "upbeat"}, {"joyful", "upbeat"}, {"energetic", "upbeat"},
    {"party", "upbeat"}, {"calm", "calm"}, {"peaceful", "calm"}, {"relaxing", "calm"},
    {"serene", "calm"}, {"tranquil", "calm"}, {"cozy", "calm"}, {"quiet", "calm"},
};
// clang-format on

// clang-format off
constexpr Term kVerbs[] = {
    // talk
    {"talk", "talk"}, {"speak*", "talk"}, {"chat", "talk"}, {"chatting", "talk"},
    {"chatted", "talk"}, {"convers*", "talk"}, {"discuss", "talk"}, {"explain", "talk"},
    {"tells", "talk"}, {"telling", "talk"}, {"report", "talk"}, {"announce", "talk"},
    {"presenting", "talk"}, {"ask", "talk"}, {"answer", "talk"}, {"replies", "talk"},
    {"replying", "talk"}, {"replied", "talk"}, {"argue", "talk"}, {"arguing", "talk"},
    {"gossip", "talk"}, {"whisper", "talk"}, {"narrat*", "talk"}, {"interviewing", "talk"},
    {"interviews", "talk"}, {"meows", "talk"}, {"meowing", "talk"}, {"purr", "talk"},
    // walk
    {"walk", "walk"}, {"stroll", "walk"}, {"wander", "walk"}, {"hike", "walk"}, {"hiking", "walk"},
    {"march", "walk"}, {"strut", "walk"}, {"strutting", "walk"}, {"amble", "walk"},
    {"trek", "walk"},
    // run
    {"runs", "run"}, {"run", "run"}, {"running", "run"}, {"ran", "run"}, {"sprint", "run"},
    {"jog", "run"}, {"jogging", "run"}, {"dash", "run"}, {"chase", "run"}, {"chasing", "run"},
    {"races", "run"}, {"racing", "run"}, {"rushes", "run"},
    // jump
    {"jump", "jump"}, {"leap", "jump"}, {"leapt", "jump"}, {"hops", "jump"}, {"hopping", "jump"},
    {"bounce", "jump"}, {"bouncing", "jump"},
    // backflip
    {"backflip", "backflip"}, {"back flip", "backflip"}, {"back-flip", "backflip"},
    {"frontflip", "backflip"}, {"front flip", "backflip"}, {"somersault", "backflip"},
    {"flip", "backflip"}, {"flipping", "backflip"},
    // kickflip
    {"kickflip", "kickflip"}, {"kick flip", "kickflip"}, {"kick-flip", "kickflip"},
    {"heelflip", "kickflip"}, {"ollie", "kickflip"}, {"skate trick", "kickflip"},
    {"tre flip", "kickflip"},
    // wakeboard / surf
    {"wakeboard*", "wakeboard"}, {"wake board*", "wakeboard"}, {"water ski*", "wakeboard"},
    {"waterski*", "wakeboard"}, {"rides a wave", "surf"}, {"riding a wave", "surf"},
    {"riding waves", "surf"}, {"surf", "surf"}, {"surfing", "surf"}, {"bodyboard*", "surf"},
    {"kitesurf*", "surf"}, {"windsurf*", "surf"},
    // gymnastics
    {"gymnastic*", "gymnastics"}, {"cartwheel*", "gymnastics"}, {"handstand*", "gymnastics"},
    {"balance beam", "gymnastics"}, {"floor routine", "gymnastics"}, {"uneven bars", "gymnastics"},
    {"pommel horse", "gymnastics"}, {"tumbling", "gymnastics"},
    // dance
    {"breakdanc*", "dance"}, {"danc*", "dance"}, {"twerk*", "dance"}, {"ballet", "dance"},
    {"waltz*", "dance"}, {"tango", "dance"}, {"moonwalk*", "dance"}, {"boogie*", "dance"},
    // wave
    {"waves at", "wave"}, {"waves to", "wave"}, {"waves hello", "wave"}, {"waves goodbye", "wave"},
    {"waves his hand", "wave"}, {"waves her hand", "wave"}, {"wave hello", "wave"},
    {"wave goodbye", "wave"}, {"waving", "wave"}, {"waved", "wave"},
    // fist-pump
    {"fist pump*", "fist-pump"}, {"fist-pump*", "fist-pump"}, {"pumps his fist", "fist-pump"},
    {"pumps her fist", "fist-pump"}, {"pumps their fist", "fist-pump"},
    {"punches the air", "fist-pump"}, {"cheers", "fist-pump"}, {"cheering", "fist-pump"},
    {"cheered", "fist-pump"}, {"celebrates", "fist-pump"}, {"celebrating", "fist-pump"},
    {"celebrated", "fist-pump"},
    // shout
    {"shout", "shout"}, {"yell", "shout"}, {"scream", "shout"}, {"holler", "shout"},
    {"roar", "shout"}, {"cries out", "shout"},
    // eat / drink
    {"eat", "eat"}, {"eating", "eat"}, {"ate", "eat"}, {"munch", "eat"}, {"chew", "eat"},
    {"snack", "eat"}, {"devour", "eat"}, {"nibble", "eat"}, {"bites into", "eat"},
    {"having lunch", "eat"}, {"having dinner", "eat"}, {"having breakfast", "eat"},
    {"drink", "drink"}, {"drank", "drink"}, {"sip", "drink"}, {"sipping", "drink"},
    {"slurp", "drink"}, {"gulp", "drink"},
    // sit
    {"sits", "sit"}, {"sit", "sit"}, {"sitting", "sit"}, {"sat", "sit"}, {"seated", "sit"},
    {"lounge", "sit"}, {"lounging", "sit"}, {"relax", "sit"},
    // fall
    {"falls", "fall"}, {"falling", "fall"}, {"fell", "fall"}, {"trips", "fall"},
    {"tripping", "fall"}, {"stumble", "fall"}, {"slips", "fall"}, {"slipping", "fall"},
    {"wipes out", "fall"}, {"wiping out", "fall"}, {"wipeout", "fall"},
    // throw / catch
    {"throw", "throw"}, {"throwing", "throw"}, {"threw", "throw"}, {"toss", "throw"},
    {"hurl", "throw"}, {"shoots hoops", "throw"}, {"passes the ball", "throw"}, {"catch", "catch"},
    {"catching", "catch"}, {"caught", "catch"}, {"grab", "catch"}, {"grabbing", "catch"},
    {"fetch", "catch"},
    // swim / fly
    {"swim", "swim"}, {"swimming", "swim"}, {"swam", "swim"}, {"dive", "swim"}, {"diving", "swim"},
    {"paddle", "swim"}, {"paddling", "swim"}, {"snorkel*", "swim"}, {"flies", "fly"},
    {"flying", "fly"}, {"fly", "fly"}, {"flew", "fly"}, {"soar", "fly"}, {"glide", "fly"},
    {"gliding", "fly"}, {"hover", "fly"}, {"float", "fly"}, {"floating", "fly"},
    {"play soccer", "run"}, {"plays soccer", "run"}, {"playing soccer", "run"},
    {"play football", "run"}, {"plays football", "run"}, {"playing football", "run"},
    {"kicks the ball", "throw"}, {"plays fetch", "catch"}, {"playing fetch", "catch"},
    // sounds and gestures
    {"bark", "bark"}, {"woof*", "bark"}, {"howl", "bark"}, {"growl", "bark"}, {"yap", "bark"},
    {"sing", "sing"}, {"singing", "sing"}, {"sang", "sing"}, {"serenade", "sing"}, {"raps", "sing"},
    {"rapping", "sing"}, {"points at", "point"}, {"points to", "point"}, {"pointing", "point"},
    {"pointed at", "point"}, {"clap", "clap"}, {"clapping", "clap"}, {"clapped", "clap"},
    {"applaud", "clap"}, {"nod", "nod"}, {"nodding", "nod"}, {"nodded", "nod"}, {"laugh", "laugh"},
    {"giggl*", "laugh"}, {"chuckl*", "laugh"}, {"cracks up", "laugh"},
    // skate / ride
    {"skateboard", "skate"}, {"skateboarding", "skate"}, {"skating", "skate"}, {"skates", "skate"},
    {"skated", "skate"}, {"rollerblad*", "skate"}, {"ice skat*", "skate"}, {"rides", "ride"},
    {"riding", "ride"}, {"ride", "ride"}, {"rode", "ride"}, {"cycling", "ride"}, {"bikes", "ride"},
    {"biking", "ride"}, {"drives", "ride"}, {"driving", "ride"}, {"horseback", "ride"},
    {"gallop*", "run"},
};
// clang-format on

// clang-format off
constexpr Term kFramings[] = {
    {"medium close-up", "medium"}, {"medium shot", "medium"}, {"mid shot", "medium"},
    {"waist-up", "medium"}, {"cowboy shot", "medium"}, {"extreme close-up", "close-up"},
    {"close-up", "close-up"}, {"close up", "close-up"}, {"closeup", "close-up"},
    {"close shot", "close-up"}, {"tight shot", "close-up"}, {"macro", "close-up"},
    {"headshot", "close-up"}, {"over the shoulder", "over-the-shoulder"},
    {"over-the-shoulder", "over-the-shoulder"}, {"wide shot", "wide"}, {"wide-angle", "wide"},
    {"wide angle", "wide"}, {"wide view", "wide"}, {"establishing shot", "wide"},
    {"aerial", "wide"}, {"drone shot", "wide"}, {"long shot", "wide"}, {"full shot", "wide"},
    {"bird's-eye", "wide"}, {"birds-eye", "wide"}, {"panorama", "wide"}, {"panoramic", "wide"},
};
// clang-format on

// clang-format off
constexpr Term kMoves[] = {
    {"static shot", "static"}, {"static camera", "static"}, {"locked-off", "static"},
    {"locked off", "static"}, {"tripod", "static"}, {"still camera", "static"},
    {"fixed camera", "static"}, {"pans", "pan"}, {"panning", "pan"}, {"pan across", "pan"},
    {"pan shot", "pan"}, {"pan left", "pan"}, {"pan right", "pan"}, {"pan to", "pan"},
    {"camera pan", "pan"}, {"sweeping", "pan"}, {"dolly", "dolly"}, {"push in", "dolly"},
    {"pushes in", "dolly"}, {"push-in", "dolly"}, {"tracking", "dolly"},
    {"camera follows", "dolly"}, {"following shot", "dolly"}, {"zoom*", "dolly"},
    {"orbit*", "orbit"}, {"circles around", "orbit"}, {"circling", "orbit"}, {"360", "orbit"},
    {"arc shot", "orbit"}, {"revolves around", "orbit"}, {"handheld", "handheld"},
    {"hand-held", "handheld"}, {"shaky", "handheld"}, {"selfie", "handheld"}, {"pov", "handheld"},
    {"point of view", "handheld"}, {"point-of-view", "handheld"}, {"first-person", "handheld"},
    {"found footage", "handheld"}, {"bodycam", "handheld"}, {"gopro", "handheld"},
};
// clang-format on

// clang-format off
constexpr Term kSfx[] = {
    {"crowd cheer*", "crowd_cheer"}, {"cheering crowd", "crowd_cheer"},
    {"crowd goes wild", "crowd_cheer"}, {"roaring crowd", "crowd_cheer"},
    {"fans cheer*", "crowd_cheer"}, {"applause", "applause"}, {"applaud*", "applause"},
    {"whoosh*", "whoosh"}, {"swoosh*", "whoosh"}, {"crash*", "impact"}, {"bang", "impact"},
    {"boom", "impact"}, {"explosion*", "impact"}, {"explodes", "impact"}, {"splash*", "splash"},
    {"footstep*", "footsteps"}, {"barking", "bark"}, {"barks", "bark"}, {"meow*", "meow"},
    {"purr*", "meow"}, {"birdsong", "birds"}, {"birds chirp*", "birds"}, {"chirp*", "birds"},
    {"tweeting", "birds"}, {"thunder*", "thunder"}, {"lightning", "thunder"}, {"storm", "thunder"},
    {"doorbell", "bell"}, {"bells", "bell"}, {"bell", "bell"}, {"ding", "bell"}, {"honk*", "horn"},
    {"car horn", "horn"}, {"air horn", "horn"}, {"laughter", "laugh"}, {"laugh track", "laugh"},
    {"drumroll", "drumroll"}, {"drum roll", "drumroll"},
};
// clang-format on

// clang-format off
constexpr Term kLanguages[] = {
    {"brazilian portuguese", "pt-BR"}, {"english", "en"}, {"spanish", "es"}, {"french", "fr"},
    {"german", "de"}, {"italian", "it"}, {"portuguese", "pt"}, {"japanese", "ja"}, {"korean", "ko"},
    {"mandarin", "zh"}, {"chinese", "zh"}, {"cantonese", "yue"}, {"hindi", "hi"}, {"arabic", "ar"},
    {"russian", "ru"}, {"dutch", "nl"}, {"swedish", "sv"}, {"polish", "pl"}, {"turkish", "tr"},
    {"greek", "el"}, {"vietnamese", "vi"}, {"thai", "th"}, {"hebrew", "he"}, {"indonesian", "id"},
    {"ukrainian", "uk"}, {"danish", "da"}, {"finnish", "fi"}, {"czech", "cs"}, {"tagalog", "tl"},
    {"norwegian", "nb"},
};
// clang-format on

// clang-format off
constexpr Term kEmotions[] = {
    {"whisper*", "whispering"}, {"murmur*", "whispering"}, {"softly", "whispering"},
    {"shout*", "shouting"}, {"yell*", "shouting"}, {"scream*", "shouting"}, {"roar*", "shouting"},
    {"cries out", "shouting"}, {"cheer*", "excited"}, {"excited*", "excited"},
    {"exclaim*", "excited"}, {"sob*", "sad"}, {"sadly", "sad"}, {"crying", "sad"}, {"cries", "sad"},
    {"sigh*", "sad"}, {"calm*", "calm"}, {"gently", "calm"}, {"quietly", "calm"},
};
// clang-format on

constexpr std::string_view kIndoor[] = {"newsroom",    "gym",       "kitchen",
                                        "office",      "stage",     "studio",
                                        "living room", "classroom", "restaurant"};

constexpr struct {
  std::string_view mood;
  int tempo;
  std::string_view key;
  std::array<std::string_view, 3> instruments;
} kMusic[] = {
    {"calm", 84, "C major", {"piano", "pads", "strings"}},
    {"upbeat", 120, "G major", {"drums", "bass", "synth"}},
    {"epic", 132, "D minor", {"drums", "brass", "strings"}},
    {"tense", 96, "E minor", {"strings", "pulse", "percussion"}},
    {"sad", 72, "A minor", {"piano", "cello", "strings"}},
    {"funny", 116, "F major", {"pizzicato", "clarinet", "woodblock"}},
    {"romantic", 80, "E-flat major", {"piano", "strings", "guitar"}},
    {"mysterious", 90, "B minor", {"celesta", "pads", "harp"}},
    {"news", 110, "D major", {"synth", "timpani", "brass"}},
};

template <size_t N>
bool Contains(const std::string_view (&list)[N], std::string_view word) {
  return std::find(std::begin(list), std::end(list), word) != std::end(list);
}

}  // namespace

TermMatch FirstTerm(std::string_view text, const TermTable& table) {
  const std::vector<TermMatch> all = AllTerms(text, table);
  return all.empty() ? TermMatch{} : all.front();
}

std::vector<TermMatch> AllTerms(std::string_view text, const TermTable& table) {
  std::vector<TermMatch> all;
  for (const Term& t : table.terms) {
    for (Span s = FindTerm(text, t.word, table.inflect); s.found();
         s = FindTerm(text, t.word, table.inflect, s.begin + 1)) {
      all.push_back({s, t.value, t.word});
    }
  }
  std::sort(all.begin(), all.end(), [](const TermMatch& a, const TermMatch& b) {
    if (a.span.begin != b.span.begin) return a.span.begin < b.span.begin;
    return a.span.end > b.span.end;
  });
  // A row with an empty value blocks the words it covers ("studio ghibli" is
  // a style, not a studio) and is not reported itself.
  std::vector<TermMatch> out;
  size_t covered_to = 0;
  bool any = false;
  for (const TermMatch& m : all) {
    if (any && m.span.begin < covered_to) continue;
    any = true;
    covered_to = m.span.end;
    if (!m.value.empty()) out.push_back(m);
  }
  return out;
}

const TermTable kPlaceTerms{kPlaces, Inflect::kNoun};
const TermTable kTimeTerms{kTimes, Inflect::kNoun};
const TermTable kWeatherTerms{kWeather, Inflect::kExact};
const TermTable kStyleTerms{kStyles, Inflect::kExact};
const TermTable kMoodTerms{kMoods, Inflect::kExact};
const TermTable kVerbTerms{kVerbs, Inflect::kVerb};
const TermTable kFramingTerms{kFramings, Inflect::kNoun};
const TermTable kMoveTerms{kMoves, Inflect::kExact};
const TermTable kSfxTerms{kSfx, Inflect::kExact};
const TermTable kLanguageNames{kLanguages, Inflect::kExact};
const TermTable kEmotionTerms{kEmotions, Inflect::kExact};

bool IsIndoorPlace(std::string_view place) { return Contains(kIndoor, place); }

int TempoForMood(std::string_view mood) {
  for (const auto& m : kMusic) {
    if (m.mood == mood) return m.tempo;
  }
  return 100;
}

std::string_view KeyForMood(std::string_view mood) {
  for (const auto& m : kMusic) {
    if (m.mood == mood) return m.key;
  }
  return "C major";
}

std::vector<std::string> InstrumentsForMood(std::string_view mood) {
  for (const auto& m : kMusic) {
    if (m.mood == mood) return {m.instruments.begin(), m.instruments.end()};
  }
  return {};
}

std::string_view LanguageCode(std::string_view name) {
  for (const Term& t : kLanguages) {
    if (t.word == name) return t.value;
  }
  return {};
}

std::string LanguageName(std::string_view code) {
  for (const Term& t : kLanguages) {
    if (t.value == code) return TitleCase(t.word);
  }
  return std::string(code);
}

}  // namespace kinora::engine::plan
