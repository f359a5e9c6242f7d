#include "engine/storyboard.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <utility>

namespace kinora::engine {

using core::InvalidArgument;
using core::Result;
using core::Status;
using nlohmann::json;

const std::vector<std::string_view> kStyles = {"realistic",  "anime",     "cartoon",
                                               "claymation", "noir",      "watercolor",
                                               "painting",   "pixel art", "vintage film"};
const std::vector<std::string_view> kPlaces = {
    "studio",  "beach",  "city street", "park",        "newsroom",  "skate park", "lake",
    "stadium", "gym",    "forest",      "mountains",   "kitchen",   "office",     "stage",
    "space",   "desert", "snowfield",   "living room", "classroom", "restaurant", "underwater"};
const std::vector<std::string_view> kTimesOfDay = {"dawn",   "morning", "noon", "afternoon",
                                                   "sunset", "dusk",    "night"};
const std::vector<std::string_view> kWeathers = {"clear", "cloudy", "rain", "snow", "fog", "wind"};
const std::vector<std::string_view> kFramings = {"wide", "medium", "close-up", "over-the-shoulder"};
const std::vector<std::string_view> kCameraMoves = {"static", "pan", "dolly", "orbit", "handheld"};
const std::vector<std::string_view> kVerbs = {
    "idle",  "talk",       "walk",  "run",   "jump",      "backflip", "kickflip", "wakeboard",
    "surf",  "gymnastics", "dance", "wave",  "fist-pump", "shout",    "eat",      "drink",
    "sit",   "fall",       "throw", "catch", "swim",      "fly",      "bark",     "sing",
    "point", "clap",       "nod",   "laugh", "skate",     "ride"};
const std::vector<std::string_view> kSfxKinds = {
    "crowd_cheer", "applause", "whoosh",  "impact", "splash", "footsteps", "bark",
    "meow",        "birds",    "thunder", "bell",   "horn",   "laugh",     "drumroll"};
const std::vector<std::string_view> kMoods = {"calm",  "upbeat",   "epic",       "tense", "sad",
                                              "funny", "romantic", "mysterious", "news"};
const std::vector<std::string_view> kEmotions = {"neutral",    "excited", "shouting",
                                                 "whispering", "sad",     "calm"};
const std::vector<std::string_view> kCastKinds = {"person", "animal", "object"};

double Storyboard::DurationSeconds() const {
  double total = 0;
  for (const auto& s : shots) total += s.duration;
  return total;
}

int Storyboard::FrameCount() const {
  return static_cast<int>(std::lround(DurationSeconds() * fps));
}

const CastMember* Storyboard::FindCast(std::string_view id) const {
  for (const auto& c : cast) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

const Shot* Storyboard::ShotAt(double t) const {
  if (shots.empty()) return nullptr;
  for (const auto& s : shots) {
    if (t < s.start + s.duration) return &s;
  }
  return &shots.back();
}

// ---------------------------------------------------------------------------
// Validation

namespace {

bool In(const std::vector<std::string_view>& vocab, std::string_view v) {
  return std::find(vocab.begin(), vocab.end(), v) != vocab.end();
}

std::string Join(const std::vector<std::string_view>& vocab) {
  std::string out;
  for (auto v : vocab) {
    if (!out.empty()) out += ", ";
    out += v;
  }
  return out;
}

Status CheckVocab(const std::vector<std::string_view>& vocab, std::string_view value,
                  const std::string& path) {
  if (In(vocab, value)) return core::Ok();
  return InvalidArgument(
      path + ": unknown value '" + std::string(value) + "' (expected one of " + Join(vocab) + ")",
      path);
}

// BCP 47 in the shape we accept: a 2–3 letter language, optional subtags.
bool IsLanguageTag(std::string_view tag) {
  size_t i = 0;
  while (i < tag.size() && std::isalpha(static_cast<unsigned char>(tag[i]))) ++i;
  if (i < 2 || i > 3) return false;
  while (i < tag.size()) {
    if (tag[i] != '-') return false;
    size_t j = ++i;
    while (j < tag.size() && std::isalnum(static_cast<unsigned char>(tag[j]))) ++j;
    if (j - i < 2 || j - i > 8) return false;
    i = j;
  }
  return true;
}

Status CheckWindow(double at, double until, double duration, const std::string& path) {
  if (!(at >= 0) || at > duration + 1e-9) {
    return InvalidArgument(
        path + ".at must lie within the shot (0–" + std::to_string(duration) + " s)", path + ".at");
  }
  if (until != 0 && (!(until > at) || until > duration + 1e-9)) {
    return InvalidArgument(path + ".until must be after .at and within the shot", path + ".until");
  }
  return core::Ok();
}

Status ValidateCast(const Storyboard& sb) {
  for (size_t i = 0; i < sb.cast.size(); ++i) {
    const auto& c = sb.cast[i];
    const std::string path = "cast[" + std::to_string(i) + "]";
    if (c.id.empty()) return InvalidArgument(path + ".id is required", path + ".id");
    for (size_t j = 0; j < i; ++j) {
      if (sb.cast[j].id == c.id) {
        return InvalidArgument(path + ".id '" + c.id + "' is used twice", path + ".id");
      }
    }
    KINORA_RETURN_IF_ERROR(CheckVocab(kCastKinds, c.kind, path + ".kind"));
    if (!IsLanguageTag(c.voice.language)) {
      return InvalidArgument(
          path + ".voice.language '" + c.voice.language + "' is not a BCP 47 language tag",
          path + ".voice.language");
    }
    if (!(c.voice.pitch >= 0.5 && c.voice.pitch <= 2.0)) {
      return InvalidArgument(path + ".voice.pitch must be within 0.5–2.0", path + ".voice.pitch");
    }
    if (!(c.voice.rate >= 0.5 && c.voice.rate <= 2.0)) {
      return InvalidArgument(path + ".voice.rate must be within 0.5–2.0", path + ".voice.rate");
    }
  }
  return core::Ok();
}

Status CheckCastRef(const Storyboard& sb, const std::string& id, const std::string& path,
                    bool optional) {
  if (id.empty() && optional) return core::Ok();
  if (sb.FindCast(id) == nullptr) {
    return InvalidArgument(path + " names '" + id + "', which is not in the cast", path);
  }
  return core::Ok();
}

Status ValidateShot(const Storyboard& sb, const Shot& shot, const std::string& path) {
  KINORA_RETURN_IF_ERROR(CheckVocab(kPlaces, shot.setting.place, path + ".setting.place"));
  KINORA_RETURN_IF_ERROR(
      CheckVocab(kTimesOfDay, shot.setting.time_of_day, path + ".setting.time_of_day"));
  KINORA_RETURN_IF_ERROR(CheckVocab(kWeathers, shot.setting.weather, path + ".setting.weather"));
  KINORA_RETURN_IF_ERROR(CheckVocab(kFramings, shot.camera.framing, path + ".camera.framing"));
  KINORA_RETURN_IF_ERROR(CheckVocab(kCameraMoves, shot.camera.move, path + ".camera.move"));
  KINORA_RETURN_IF_ERROR(CheckCastRef(sb, shot.camera.subject, path + ".camera.subject", true));
  for (size_t i = 0; i < shot.actions.size(); ++i) {
    const auto& a = shot.actions[i];
    const std::string p = path + ".actions[" + std::to_string(i) + "]";
    KINORA_RETURN_IF_ERROR(CheckCastRef(sb, a.actor, p + ".actor", false));
    KINORA_RETURN_IF_ERROR(CheckVocab(kVerbs, a.verb, p + ".verb"));
    KINORA_RETURN_IF_ERROR(CheckWindow(a.at, a.until, shot.duration, p));
  }
  for (size_t i = 0; i < shot.dialogue.size(); ++i) {
    const auto& d = shot.dialogue[i];
    const std::string p = path + ".dialogue[" + std::to_string(i) + "]";
    KINORA_RETURN_IF_ERROR(CheckCastRef(sb, d.speaker, p + ".speaker", false));
    if (d.text.find_first_not_of(" \t\r\n") == std::string::npos) {
      return InvalidArgument(p + ".text is empty", p + ".text");
    }
    if (d.text.size() > 1000) {
      return InvalidArgument(p + ".text is longer than 1000 bytes", p + ".text");
    }
    if (!IsLanguageTag(d.language)) {
      return InvalidArgument(p + ".language '" + d.language + "' is not a BCP 47 language tag",
                             p + ".language");
    }
    KINORA_RETURN_IF_ERROR(CheckVocab(kEmotions, d.emotion, p + ".emotion"));
    KINORA_RETURN_IF_ERROR(CheckWindow(d.at, 0, shot.duration, p));
  }
  for (size_t i = 0; i < shot.sfx.size(); ++i) {
    const std::string p = path + ".sfx[" + std::to_string(i) + "]";
    KINORA_RETURN_IF_ERROR(CheckVocab(kSfxKinds, shot.sfx[i].kind, p + ".kind"));
    KINORA_RETURN_IF_ERROR(CheckWindow(shot.sfx[i].at, 0, shot.duration, p));
  }
  for (size_t i = 0; i < shot.overlays.size(); ++i) {
    const auto& o = shot.overlays[i];
    const std::string p = path + ".overlays[" + std::to_string(i) + "]";
    if (o.role != "title" && o.role != "caption" && o.role != "lower-third") {
      return InvalidArgument(p + ".role must be title, caption or lower-third", p + ".role");
    }
    KINORA_RETURN_IF_ERROR(CheckWindow(o.at, o.until, shot.duration, p));
  }
  return core::Ok();
}

}  // namespace

Status Validate(const Storyboard& sb) {
  if (sb.version != kStoryboardVersion) {
    return InvalidArgument("unsupported storyboard version " + std::to_string(sb.version) +
                               " (this build reads version " + std::to_string(kStoryboardVersion) +
                               ")",
                           "version");
  }
  for (const auto& [name, value] : {std::pair<const char*, int>{"width", sb.width},
                                    std::pair<const char*, int>{"height", sb.height}}) {
    if (value < kMinDimension || value > kMaxDimension) {
      return InvalidArgument(
          std::string(name) + " must be within " + std::to_string(kMinDimension) + "–" +
              std::to_string(kMaxDimension) + " (got " + std::to_string(value) + ")",
          name);
    }
    if (value % 2 != 0) {
      return InvalidArgument(
          std::string(name) + " must be even for H.264 4:2:0 (got " + std::to_string(value) + ")",
          name);
    }
  }
  if (sb.fps < kMinFps || sb.fps > kMaxFps) {
    return InvalidArgument("fps must be within 1–60", "fps");
  }
  KINORA_RETURN_IF_ERROR(CheckVocab(kStyles, sb.style, "style"));
  KINORA_RETURN_IF_ERROR(CheckVocab(kMoods, sb.mood, "mood"));
  KINORA_RETURN_IF_ERROR(CheckVocab(kMoods, sb.music.mood, "music.mood"));
  if (sb.music.tempo_bpm < 40 || sb.music.tempo_bpm > 220) {
    return InvalidArgument("music.tempo_bpm must be within 40–220", "music.tempo_bpm");
  }
  KINORA_RETURN_IF_ERROR(ValidateCast(sb));
  if (sb.shots.empty()) return InvalidArgument("a storyboard needs at least one shot", "shots");
  double expected_start = 0;
  for (size_t i = 0; i < sb.shots.size(); ++i) {
    const auto& shot = sb.shots[i];
    const std::string path = "shots[" + std::to_string(i) + "]";
    if (shot.id.empty()) return InvalidArgument(path + ".id is required", path + ".id");
    if (!(shot.duration > 0)) {
      return InvalidArgument(path + ".duration must be positive", path + ".duration");
    }
    if (shot.duration > kMaxClipSeconds) {
      return InvalidArgument(path + ".duration is longer than the longest clip (" +
                                 std::to_string(static_cast<int>(kMaxClipSeconds)) + " s)",
                             path + ".duration");
    }
    if (std::abs(shot.start - expected_start) > 1e-3) {
      return InvalidArgument(path + ".start must be " + std::to_string(expected_start) +
                                 " (shots tile the clip without gaps or overlaps)",
                             path + ".start");
    }
    expected_start += shot.duration;
    KINORA_RETURN_IF_ERROR(ValidateShot(sb, shot, path));
  }
  if (sb.DurationSeconds() > kMaxClipSeconds + 1e-9) {
    return InvalidArgument("the clip is longer than " + std::to_string(int(kMaxClipSeconds)) + " s",
                           "shots");
  }
  return core::Ok();
}

// ---------------------------------------------------------------------------
// JSON
//
// Reading is strict: each object's keys are checked against the known set so
// a typo ("dialog") is an error naming the field, not a silent default.

namespace {

json OptionalString(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }

json CastJson(const CastMember& c) {
  json outfit = json::array();
  for (const auto& o : c.looks.outfit) outfit.push_back({{"item", o.item}, {"color", o.color}});
  json j = {{"id", c.id},
            {"kind", c.kind},
            {"name", c.name},
            {"looks",
             {{"age", c.looks.age},
              {"hair", c.looks.hair},
              {"skin", c.looks.skin},
              {"outfit", outfit},
              {"accessories", c.looks.accessories}}},
            {"voice",
             {{"language", c.voice.language},
              {"voice", c.voice.voice},
              {"pitch", c.voice.pitch},
              {"rate", c.voice.rate}}},
            {"cameo", OptionalString(c.cameo)}};
  if (!c.species.empty()) j["species"] = c.species;
  if (!c.breed.empty()) j["breed"] = c.breed;
  return j;
}

json ShotJson(const Shot& s) {
  json actions = json::array(), dialogue = json::array(), sfx = json::array(),
       overlays = json::array();
  for (const auto& a : s.actions) {
    actions.push_back({{"actor", a.actor}, {"verb", a.verb}, {"at", a.at}, {"until", a.until}});
  }
  for (const auto& d : s.dialogue) {
    dialogue.push_back({{"speaker", d.speaker},
                        {"text", d.text},
                        {"language", d.language},
                        {"at", d.at},
                        {"emotion", d.emotion}});
  }
  for (const auto& e : s.sfx) sfx.push_back({{"kind", e.kind}, {"at", e.at}});
  for (const auto& o : s.overlays) {
    overlays.push_back({{"text", o.text}, {"role", o.role}, {"at", o.at}, {"until", o.until}});
  }
  return {{"id", s.id},
          {"start", s.start},
          {"duration", s.duration},
          {"setting",
           {{"place", s.setting.place},
            {"time_of_day", s.setting.time_of_day},
            {"weather", s.setting.weather},
            {"indoor", s.setting.indoor}}},
          {"camera",
           {{"framing", s.camera.framing}, {"move", s.camera.move}, {"subject", s.camera.subject}}},
          {"actions", actions},
          {"dialogue", dialogue},
          {"sfx", sfx},
          {"overlays", overlays}};
}

// A cursor over one JSON object that records the path for error messages.
class Reader {
 public:
  Reader(const json& j, std::string path) : j_(j), path_(std::move(path)) {}

  Status Expect(std::initializer_list<std::string_view> allowed) const {
    if (!j_.is_object()) return InvalidArgument(Where() + " must be an object", path_);
    for (auto it = j_.begin(); it != j_.end(); ++it) {
      if (std::find(allowed.begin(), allowed.end(), it.key()) == allowed.end()) {
        return InvalidArgument(Child(it.key()) + ": unknown field", Child(it.key()));
      }
    }
    return core::Ok();
  }

  Status String(std::string_view key, std::string& out) const {
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) return core::Ok();
    if (!it->is_string()) return TypeError(key, "a string");
    out = it->get<std::string>();
    return core::Ok();
  }
  Status OptString(std::string_view key, std::optional<std::string>& out) const {
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) return core::Ok();
    if (!it->is_string()) return TypeError(key, "a string or null");
    out = it->get<std::string>();
    return core::Ok();
  }
  Status Number(std::string_view key, double& out) const {
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) return core::Ok();
    if (!it->is_number()) return TypeError(key, "a number");
    out = it->get<double>();
    if (!std::isfinite(out)) return TypeError(key, "a finite number");
    return core::Ok();
  }
  template <typename Int>
  Status Integer(std::string_view key, Int& out) const {
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) return core::Ok();
    if (!it->is_number_integer()) return TypeError(key, "an integer");
    if (std::is_unsigned_v<Int> && it->is_number_integer() && !it->is_number_unsigned() &&
        it->get<int64_t>() < 0) {
      return TypeError(key, "a non-negative integer");
    }
    if (!std::is_unsigned_v<Int> &&
        (it->get<int64_t>() < INT32_MIN || it->get<int64_t>() > INT32_MAX)) {
      return TypeError(key, "a 32-bit integer");
    }
    out = it->get<Int>();
    return core::Ok();
  }
  Status Bool(std::string_view key, bool& out) const {
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) return core::Ok();
    if (!it->is_boolean()) return TypeError(key, "true or false");
    out = it->get<bool>();
    return core::Ok();
  }
  Status Strings(std::string_view key, std::vector<std::string>& out) const {
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) return core::Ok();
    if (!it->is_array()) return TypeError(key, "an array of strings");
    out.clear();
    for (const auto& v : *it) {
      if (!v.is_string()) return TypeError(key, "an array of strings");
      out.push_back(v.get<std::string>());
    }
    return core::Ok();
  }
  // Calls fn(Reader) for each element of an array of objects.
  template <typename Fn>
  Status Each(std::string_view key, Fn fn) const {
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) return core::Ok();
    if (!it->is_array()) return TypeError(key, "an array");
    for (size_t i = 0; i < it->size(); ++i) {
      KINORA_RETURN_IF_ERROR(fn(Reader((*it)[i], Child(key) + "[" + std::to_string(i) + "]")));
    }
    return core::Ok();
  }
  // Calls fn(Reader) for a nested object, if present.
  template <typename Fn>
  Status Object(std::string_view key, Fn fn) const {
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) return core::Ok();
    return fn(Reader(*it, Child(key)));
  }

 private:
  std::string Where() const { return path_.empty() ? "the storyboard" : path_; }
  std::string Child(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  }
  Status TypeError(std::string_view key, std::string_view what) const {
    return InvalidArgument(Child(key) + " must be " + std::string(what), Child(key));
  }

  const json& j_;
  std::string path_;
};

Status ReadCast(const Reader& r, CastMember& c) {
  KINORA_RETURN_IF_ERROR(
      r.Expect({"id", "kind", "name", "species", "breed", "looks", "voice", "cameo"}));
  KINORA_RETURN_IF_ERROR(r.String("id", c.id));
  KINORA_RETURN_IF_ERROR(r.String("kind", c.kind));
  KINORA_RETURN_IF_ERROR(r.String("name", c.name));
  KINORA_RETURN_IF_ERROR(r.String("species", c.species));
  KINORA_RETURN_IF_ERROR(r.String("breed", c.breed));
  KINORA_RETURN_IF_ERROR(r.OptString("cameo", c.cameo));
  KINORA_RETURN_IF_ERROR(r.Object("looks", [&](const Reader& l) -> Status {
    KINORA_RETURN_IF_ERROR(l.Expect({"age", "hair", "skin", "outfit", "accessories"}));
    KINORA_RETURN_IF_ERROR(l.String("age", c.looks.age));
    KINORA_RETURN_IF_ERROR(l.String("hair", c.looks.hair));
    KINORA_RETURN_IF_ERROR(l.String("skin", c.looks.skin));
    KINORA_RETURN_IF_ERROR(l.Strings("accessories", c.looks.accessories));
    return l.Each("outfit", [&](const Reader& o) -> Status {
      OutfitItem item;
      KINORA_RETURN_IF_ERROR(o.Expect({"item", "color"}));
      KINORA_RETURN_IF_ERROR(o.String("item", item.item));
      KINORA_RETURN_IF_ERROR(o.String("color", item.color));
      c.looks.outfit.push_back(std::move(item));
      return core::Ok();
    });
  }));
  return r.Object("voice", [&](const Reader& v) -> Status {
    KINORA_RETURN_IF_ERROR(v.Expect({"language", "voice", "pitch", "rate"}));
    KINORA_RETURN_IF_ERROR(v.String("language", c.voice.language));
    KINORA_RETURN_IF_ERROR(v.String("voice", c.voice.voice));
    KINORA_RETURN_IF_ERROR(v.Number("pitch", c.voice.pitch));
    return v.Number("rate", c.voice.rate);
  });
}

Status ReadShot(const Reader& r, Shot& s) {
  KINORA_RETURN_IF_ERROR(r.Expect(
      {"id", "start", "duration", "setting", "camera", "actions", "dialogue", "sfx", "overlays"}));
  KINORA_RETURN_IF_ERROR(r.String("id", s.id));
  KINORA_RETURN_IF_ERROR(r.Number("start", s.start));
  KINORA_RETURN_IF_ERROR(r.Number("duration", s.duration));
  KINORA_RETURN_IF_ERROR(r.Object("setting", [&](const Reader& t) -> Status {
    KINORA_RETURN_IF_ERROR(t.Expect({"place", "time_of_day", "weather", "indoor"}));
    KINORA_RETURN_IF_ERROR(t.String("place", s.setting.place));
    KINORA_RETURN_IF_ERROR(t.String("time_of_day", s.setting.time_of_day));
    KINORA_RETURN_IF_ERROR(t.String("weather", s.setting.weather));
    return t.Bool("indoor", s.setting.indoor);
  }));
  KINORA_RETURN_IF_ERROR(r.Object("camera", [&](const Reader& c) -> Status {
    KINORA_RETURN_IF_ERROR(c.Expect({"framing", "move", "subject"}));
    KINORA_RETURN_IF_ERROR(c.String("framing", s.camera.framing));
    KINORA_RETURN_IF_ERROR(c.String("move", s.camera.move));
    return c.String("subject", s.camera.subject);
  }));
  KINORA_RETURN_IF_ERROR(r.Each("actions", [&](const Reader& a) -> Status {
    Action act;
    KINORA_RETURN_IF_ERROR(a.Expect({"actor", "verb", "at", "until"}));
    KINORA_RETURN_IF_ERROR(a.String("actor", act.actor));
    KINORA_RETURN_IF_ERROR(a.String("verb", act.verb));
    KINORA_RETURN_IF_ERROR(a.Number("at", act.at));
    KINORA_RETURN_IF_ERROR(a.Number("until", act.until));
    s.actions.push_back(std::move(act));
    return core::Ok();
  }));
  KINORA_RETURN_IF_ERROR(r.Each("dialogue", [&](const Reader& d) -> Status {
    DialogueLine line;
    KINORA_RETURN_IF_ERROR(d.Expect({"speaker", "text", "language", "at", "emotion"}));
    KINORA_RETURN_IF_ERROR(d.String("speaker", line.speaker));
    KINORA_RETURN_IF_ERROR(d.String("text", line.text));
    KINORA_RETURN_IF_ERROR(d.String("language", line.language));
    KINORA_RETURN_IF_ERROR(d.Number("at", line.at));
    KINORA_RETURN_IF_ERROR(d.String("emotion", line.emotion));
    s.dialogue.push_back(std::move(line));
    return core::Ok();
  }));
  KINORA_RETURN_IF_ERROR(r.Each("sfx", [&](const Reader& e) -> Status {
    SoundEffect fx;
    KINORA_RETURN_IF_ERROR(e.Expect({"kind", "at"}));
    KINORA_RETURN_IF_ERROR(e.String("kind", fx.kind));
    KINORA_RETURN_IF_ERROR(e.Number("at", fx.at));
    s.sfx.push_back(std::move(fx));
    return core::Ok();
  }));
  return r.Each("overlays", [&](const Reader& o) -> Status {
    Overlay ov;
    KINORA_RETURN_IF_ERROR(o.Expect({"text", "role", "at", "until"}));
    KINORA_RETURN_IF_ERROR(o.String("text", ov.text));
    KINORA_RETURN_IF_ERROR(o.String("role", ov.role));
    KINORA_RETURN_IF_ERROR(o.Number("at", ov.at));
    KINORA_RETURN_IF_ERROR(o.Number("until", ov.until));
    s.overlays.push_back(std::move(ov));
    return core::Ok();
  });
}

}  // namespace

json ToJson(const Storyboard& sb) {
  json cast = json::array(), shots = json::array();
  for (const auto& c : sb.cast) cast.push_back(CastJson(c));
  for (const auto& s : sb.shots) shots.push_back(ShotJson(s));
  return {{"version", sb.version},
          {"seed", sb.seed},
          {"width", sb.width},
          {"height", sb.height},
          {"fps", sb.fps},
          {"style", sb.style},
          {"mood", sb.mood},
          {"cast", cast},
          {"shots", shots},
          {"music",
           {{"mood", sb.music.mood},
            {"tempo_bpm", sb.music.tempo_bpm},
            {"key", sb.music.key},
            {"instruments", sb.music.instruments}}},
          {"tags", sb.tags},
          {"origin",
           {{"prompt", sb.origin.prompt},
            {"remix_of", OptionalString(sb.origin.remix_of)},
            {"instruction", OptionalString(sb.origin.instruction)}}},
          {"warnings", sb.warnings}};
}

Result<Storyboard> StoryboardFromJson(const json& j) {
  Storyboard sb;
  Reader r(j, "");
  KINORA_RETURN_IF_ERROR(r.Expect({"version", "seed", "width", "height", "fps", "style", "mood",
                                   "cast", "shots", "music", "tags", "origin", "warnings"}));
  if (!j.contains("version")) return InvalidArgument("version is required", "version");
  KINORA_RETURN_IF_ERROR(r.Integer("version", sb.version));
  KINORA_RETURN_IF_ERROR(r.Integer("seed", sb.seed));
  KINORA_RETURN_IF_ERROR(r.Integer("width", sb.width));
  KINORA_RETURN_IF_ERROR(r.Integer("height", sb.height));
  KINORA_RETURN_IF_ERROR(r.Integer("fps", sb.fps));
  KINORA_RETURN_IF_ERROR(r.String("style", sb.style));
  KINORA_RETURN_IF_ERROR(r.String("mood", sb.mood));
  KINORA_RETURN_IF_ERROR(r.Strings("tags", sb.tags));
  KINORA_RETURN_IF_ERROR(r.Strings("warnings", sb.warnings));
  KINORA_RETURN_IF_ERROR(r.Each("cast", [&](const Reader& c) -> Status {
    CastMember member;
    KINORA_RETURN_IF_ERROR(ReadCast(c, member));
    sb.cast.push_back(std::move(member));
    return core::Ok();
  }));
  KINORA_RETURN_IF_ERROR(r.Each("shots", [&](const Reader& s) -> Status {
    Shot shot;
    KINORA_RETURN_IF_ERROR(ReadShot(s, shot));
    sb.shots.push_back(std::move(shot));
    return core::Ok();
  }));
  KINORA_RETURN_IF_ERROR(r.Object("music", [&](const Reader& m) -> Status {
    KINORA_RETURN_IF_ERROR(m.Expect({"mood", "tempo_bpm", "key", "instruments"}));
    KINORA_RETURN_IF_ERROR(m.String("mood", sb.music.mood));
    KINORA_RETURN_IF_ERROR(m.Integer("tempo_bpm", sb.music.tempo_bpm));
    KINORA_RETURN_IF_ERROR(m.String("key", sb.music.key));
    return m.Strings("instruments", sb.music.instruments);
  }));
  KINORA_RETURN_IF_ERROR(r.Object("origin", [&](const Reader& o) -> Status {
    KINORA_RETURN_IF_ERROR(o.Expect({"prompt", "remix_of", "instruction"}));
    KINORA_RETURN_IF_ERROR(o.String("prompt", sb.origin.prompt));
    KINORA_RETURN_IF_ERROR(o.OptString("remix_of", sb.origin.remix_of));
    return o.OptString("instruction", sb.origin.instruction);
  }));
  KINORA_RETURN_IF_ERROR(Validate(sb));
  return sb;
}

Result<Storyboard> ParseStoryboard(std::string_view text) {
  auto j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return InvalidArgument("the storyboard is not valid JSON", "storyboard");
  return StoryboardFromJson(j);
}

}  // namespace kinora::engine
