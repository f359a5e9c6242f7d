// Test support: bad inputs shared by the CLI and API tests. Each case says
// which field a correct answer must blame, so `kinora generate` (exit 2, one
// line on stderr) and `POST /v1/videos` (400, the error's "param") are held
// to the same table.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace kinora::testing {

// A small valid storyboard: two shots; the one cast member acts, speaks and
// is the camera's subject in the first.
inline nlohmann::json ValidStoryboard() {
  return nlohmann::json::parse(R"({
    "version": 1, "width": 128, "height": 128, "fps": 12, "style": "realistic",
    "cast": [{"id": "cat", "kind": "animal", "species": "cat"}],
    "shots": [
      {"id": "s1", "start": 0, "duration": 1,
       "setting": {"place": "kitchen"},
       "camera": {"framing": "medium", "move": "static", "subject": "cat"},
       "actions": [{"actor": "cat", "verb": "walk", "at": 0, "until": 1}],
       "dialogue": [{"speaker": "cat", "text": "Meow", "at": 0.2}]},
      {"id": "s2", "start": 1, "duration": 1, "setting": {"place": "park"}}
    ]})");
}

struct BadStoryboard {
  std::string what;
  std::function<void(nlohmann::json&)> spoil;  // turns ValidStoryboard() into the bad one
  std::string field;                           // the JSON path the error must name
  std::string phrase;                          // and a phrase its message must contain
};

inline std::vector<BadStoryboard> BadStoryboards() {
  using nlohmann::json;
  return {
      {"unknown style", [](json& j) { j["style"] = "vaporwave"; }, "style", "unknown value"},
      {"overlapping shots", [](json& j) { j["shots"][1]["start"] = 0.5; }, "shots[1].start",
       "without gaps or overlaps"},
      {"a gap between shots", [](json& j) { j["shots"][1]["start"] = 1.5; }, "shots[1].start",
       "without gaps or overlaps"},
      {"negative start", [](json& j) { j["shots"][0]["start"] = -1; }, "shots[0].start",
       "without gaps or overlaps"},
      {"negative duration", [](json& j) { j["shots"][0]["duration"] = -2; }, "shots[0].duration",
       "must be positive"},
      {"zero-length shot", [](json& j) { j["shots"][1]["duration"] = 0; }, "shots[1].duration",
       "must be positive"},
      {"unknown actor", [](json& j) { j["shots"][0]["actions"][0]["actor"] = "ghost"; },
       "shots[0].actions[0].actor", "not in the cast"},
      {"unknown speaker", [](json& j) { j["shots"][0]["dialogue"][0]["speaker"] = "ghost"; },
       "shots[0].dialogue[0].speaker", "not in the cast"},
      {"unknown camera subject", [](json& j) { j["shots"][0]["camera"]["subject"] = "ghost"; },
       "shots[0].camera.subject", "not in the cast"},
      {"cast removed under its references", [](json& j) { j["cast"] = json::array(); },
       "shots[0].camera.subject", "not in the cast"},
      {"odd width", [](json& j) { j["width"] = 127; }, "width", "even"},
      {"too large", [](json& j) { j["width"] = 4096; }, "width", "64–2048"},
      {"too small", [](json& j) { j["width"] = 0; }, "width", "64–2048"},
      {"odd height", [](json& j) { j["height"] = 127; }, "height", "even"},
      {"too tall", [](json& j) { j["height"] = 4096; }, "height", "64–2048"},
      {"an endless shot", [](json& j) { j["shots"][0]["duration"] = 1e308; }, "shots[0].duration",
       "longer than the longest clip"},
  };
}

struct BadPrompt {
  std::string what;
  std::string prompt;
  std::string phrase;  // the error names "prompt" and contains this
};

inline std::vector<BadPrompt> BadPrompts() {
  return {
      {"empty", "", "required"},
      {"only spaces", " \t\n ", "required"},
      {"10,000 characters", std::string(10000, 'a'), "longer than 4000 bytes"},
      {"only control characters", "\x01\x02\x1b\x7f", "only control characters"},
  };
}

// Sizes every entry point must refuse: odd, too large, too small, malformed.
inline std::vector<std::string> BadSizes() {
  return {"721x1280", "720x1281", "4096x4096", "720x4096", "62x64", "0x0", "-720x1280", "720x"};
}

}  // namespace kinora::testing
