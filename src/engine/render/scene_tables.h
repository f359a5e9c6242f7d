// Look-up tables that turn storyboard words into drawing parameters: colours,
// place layouts and palettes, sky by time of day, weather, styles, species,
// props and verbs. Pure data and pure functions; thread-safe.
//
// Every lookup falls back to a sensible default (an unknown place draws the
// neutral studio, an unknown species a generic dog-shaped animal), so the
// renderer never fails on vocabulary. Colours are sRGB in [0, 1].
#pragma once

#include <glm/vec3.hpp>
#include <optional>
#include <string_view>

namespace kinora::engine::render {

// Ground layouts, one branch each in the background shader. The numeric values
// are shared with GLSL (shaders.cc emits them as #defines).
enum class Layout : int {
  kStudio = 0,
  kBeach = 1,
  kPark = 2,
  kForest = 3,
  kCity = 4,
  kMountains = 5,
  kDesert = 6,
  kStadium = 7,
  kRoom = 8,
  kStage = 9,
  kSpace = 10,
  kUnderwater = 11,
};

// Wall decoration of the kRoom layout (and the ground variant of kPark/kMountains).
enum class Variant : int {
  kPlain = 0,
  kKitchen = 1,
  kOffice = 2,
  kNewsroom = 3,
  kLivingRoom = 4,
  kClassroom = 5,
  kRestaurant = 6,
  kGym = 7,
  kSkatePark = 8,
  kLake = 9,
  kSnowfield = 10,
};

struct PlaceLook {
  std::string_view place;
  Layout layout;
  Variant variant;
  bool indoor;            // no sky or sun; weather is not drawn
  glm::vec3 ground_near;  // floor, sand, grass, road near the camera
  glm::vec3 ground_far;   // the same towards the horizon
  glm::vec3 far_color;    // mountains, buildings, tree line, sea, wall, curtain
  glm::vec3 accent;       // windows, shallow water, trunks, screens, spotlights
};

struct SkyLook {
  std::string_view time_of_day;
  glm::vec3 zenith;
  glm::vec3 horizon;
  glm::vec3 sun_color;  // the moon's when night > 0.5
  float sun_x;          // sky units (frame heights) from the centre
  float sun_height;     // sky units above the horizon; negative = below it
  float night;          // 0 day … 1 night: stars, moon, lit windows
  glm::vec3 light;      // multiplies the lit world (ground, figures)
  // The sun's true elevation in degrees, for the physical sky model; the disc
  // is drawn at sun_x / sun_height, where a camera framing the scene shows it.
  float sun_elevation;
};

struct WeatherLook {
  std::string_view weather;
  float turbidity;    // haze of the physical sky (2 clear … 10 foggy)
  int precipitation;  // 0 none, 1 rain, 2 snow
  float clouds;       // cloud cover 0..1
  float grey;         // how much the sky loses its colour
  float dim;          // light multiplier
  float fog;          // 0..1
  float wind;         // cloud speed and sway multiplier
};

// Post-processing and figure-shading parameters of a visual style.
struct StyleLook {
  std::string_view style;
  int id;            // 0 realistic … see kStyleTable; shared with GLSL
  bool flat;         // flat fills instead of soft shading on figures
  float outline;     // dark outline width in pixels at 720p height (0 = none)
  float saturation;  // 1 = unchanged
  float contrast;    // 1 = unchanged
  float grain;       // film grain amplitude
  float vignette;    // 0..1
  float posterize;   // colour levels per channel, 0 = off
  float pixel;       // pixel-art block size as a fraction of frame height, 0 = off
  float paper;       // watercolor / painting texture 0..1
  float grey;        // 1 = black and white
  float sepia;       // 1 = sepia toned
  // Exposure per frame as a fraction of the frame interval (0.5 = a 180°
  // film shutter), for motion blur; 0 = none (drawn styles, stop motion).
  float shutter;
};

enum class AnimalShape : int { kQuadruped = 0, kBird = 1, kFish = 2 };
enum class EarType : int { kFloppy = 0, kPointy = 1, kLong = 2, kRound = 3, kNone = 4 };

struct SpeciesLook {
  std::string_view species;
  AnimalShape shape;
  glm::vec3 fur;   // main colour
  glm::vec3 fur2;  // belly, muzzle, wing
  float height;    // relative to an adult person
  float legs;      // leg length relative to body height, quadrupeds
  float length;    // body length relative to height
  EarType ears;
  float snout;  // muzzle length, 0..1
  float tail;   // tail length, 0..1
  float spots;  // 0..1 patches of fur2 (cow, dalmatian)
};

// Breed words that override the species colour ("golden retriever").
struct BreedLook {
  std::string_view keyword;
  glm::vec3 fur;
  glm::vec3 fur2;
  float spots;
};

enum class PropShape : int { kBox = 0, kBall = 1, kBoard = 2, kCar = 3, kCup = 4, kSlab = 5 };

struct PropLook {
  std::string_view keyword;
  PropShape shape;
  glm::vec3 color;
  float height;  // relative to an adult person
};

// How a verb moves a figure; values are shared with the pose code.
enum class Motion : int {
  kIdle,
  kTalk,
  kWalk,
  kRun,
  kJump,
  kFlip,
  kRide,
  kDance,
  kWave,
  kCheer,
  kEat,
  kSit,
  kFall,
  kThrow,
  kSwim,
  kFly,
  kPoint,
  kClap,
  kNod,
  kLaugh,
};

// "navy", "light blue", "Golden", "#1e90ff" → colour; nullopt when unknown.
std::optional<glm::vec3> ColorByName(std::string_view name);
glm::vec3 SkinTone(std::string_view skin);  // "light" | "medium" | "dark" | …; default medium-light

const PlaceLook& LookForPlace(std::string_view place);          // default: studio
const SkyLook& LookForTimeOfDay(std::string_view time_of_day);  // default: noon
const WeatherLook& LookForWeather(std::string_view weather);    // default: clear
const StyleLook& LookForStyle(std::string_view style);          // default: realistic
const SpeciesLook& LookForSpecies(std::string_view species);    // default: dog
const BreedLook* LookForBreed(std::string_view breed);          // nullptr when no keyword matches
const PropLook& LookForProp(std::string_view name);             // default: a box
Motion MotionForVerb(std::string_view verb);                    // default: kIdle

}  // namespace kinora::engine::render
