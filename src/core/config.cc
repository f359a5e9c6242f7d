#include "core/config.h"

#include <cctype>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace kinora::core {

std::string_view ConfigSourceName(ConfigSource source) {
  switch (source) {
    case ConfigSource::kDefault: return "default";
    case ConfigSource::kFile: return "config file";
    case ConfigSource::kEnvironment: return "environment";
    case ConfigSource::kFlag: return "flag";
  }
  return "?";
}

std::string EnvironmentName(std::string_view key) {
  std::string out = "KINORA_";
  for (char c : key) {
    out += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

void ConfigLayers::SetDefault(std::string_view key, std::string value) {
  layers_[static_cast<int>(ConfigSource::kDefault)][std::string(key)] = std::move(value);
}

void ConfigLayers::SetFlag(std::string_view key, std::string value) {
  layers_[static_cast<int>(ConfigSource::kFlag)][std::string(key)] = std::move(value);
}

void ConfigLayers::LoadEnvironment(char** envp) {
  auto& layer = layers_[static_cast<int>(ConfigSource::kEnvironment)];
  for (char** e = envp; e && *e; ++e) {
    std::string_view entry(*e);
    if (entry.substr(0, 7) != "KINORA_") continue;
    auto eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    std::string key;
    for (char c : entry.substr(7, eq - 7)) {
      key += c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    layer[key] = std::string(entry.substr(eq + 1));
  }
}

Status ConfigLayers::LoadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return IoError("cannot read config file", path);
  std::stringstream ss;
  ss << in.rdbuf();
  auto j = nlohmann::json::parse(ss.str(), nullptr, /*allow_exceptions=*/false,
                                 /*ignore_comments=*/true);
  if (j.is_discarded()) return InvalidArgument("config file is not valid JSON", path);
  if (!j.is_object()) return InvalidArgument("config file must hold a JSON object", path);
  auto& layer = layers_[static_cast<int>(ConfigSource::kFile)];
  for (auto& [key, value] : j.items()) {
    if (value.is_string()) {
      layer[key] = value.get<std::string>();
    } else if (value.is_number() || value.is_boolean()) {
      layer[key] = value.dump();
    } else {
      return InvalidArgument("config key '" + key + "' must be a string, number or boolean", path);
    }
  }
  return Ok();
}

std::optional<ConfigValue> ConfigLayers::Get(std::string_view key) const {
  for (int i = 3; i >= 0; --i) {
    auto it = layers_[i].find(key);
    if (it != layers_[i].end()) return ConfigValue{it->second, static_cast<ConfigSource>(i)};
  }
  return std::nullopt;
}

std::string ConfigLayers::GetOr(std::string_view key, std::string fallback) const {
  auto v = Get(key);
  return v ? v->value : std::move(fallback);
}

std::map<std::string, ConfigValue> ConfigLayers::Resolved() const {
  std::map<std::string, ConfigValue> out;
  for (int i = 0; i < 4; ++i) {
    for (const auto& [k, v] : layers_[i]) out[k] = ConfigValue{v, static_cast<ConfigSource>(i)};
  }
  return out;
}

}  // namespace kinora::core
