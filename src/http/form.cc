#include "http/form.h"

#include <algorithm>
#include <cctype>

namespace kinora::http {
namespace {

std::string LowerCopy(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Value of `param` in a header like `form-data; name="x"; filename="y"`.
std::string HeaderParam(std::string_view header, std::string_view param) {
  const std::string lower = LowerCopy(header);
  size_t pos = 0;
  while ((pos = lower.find(param, pos)) != std::string::npos) {
    const bool starts = pos == 0 || lower[pos - 1] == ';' || lower[pos - 1] == ' ';
    const size_t eq = pos + param.size();
    if (starts && eq < lower.size() && lower[eq] == '=') {
      std::string_view rest = header.substr(eq + 1);
      if (!rest.empty() && rest.front() == '"') {
        auto close = rest.find('"', 1);
        return std::string(rest.substr(1, close == std::string_view::npos ? rest.npos : close - 1));
      }
      return std::string(rest.substr(0, rest.find(';')));
    }
    pos = eq;
  }
  return {};
}

}  // namespace

core::Result<Form> ParseMultipart(std::string_view body, std::string_view content_type) {
  const std::string boundary = HeaderParam(content_type, "boundary");
  if (boundary.empty()) {
    return core::InvalidArgument("multipart/form-data without a boundary", "Content-Type");
  }
  const std::string delimiter = "--" + boundary;
  Form form;
  size_t pos = body.find(delimiter);
  if (pos == std::string_view::npos) return core::InvalidArgument("malformed multipart body");
  while (true) {
    pos += delimiter.size();
    if (body.substr(pos, 2) == "--") return form;  // closing delimiter
    if (body.substr(pos, 2) != "\r\n") return core::InvalidArgument("malformed multipart body");
    pos += 2;
    const size_t header_end = body.find("\r\n\r\n", pos);
    if (header_end == std::string_view::npos)
      return core::InvalidArgument("malformed multipart part");
    std::string_view headers = body.substr(pos, header_end - pos);
    const size_t data_begin = header_end + 4;
    const size_t next = body.find("\r\n" + delimiter, data_begin);
    if (next == std::string_view::npos) return core::InvalidArgument("unterminated multipart body");
    FormField field;
    field.value = std::string(body.substr(data_begin, next - data_begin));
    std::string name;
    size_t line_start = 0;
    while (line_start <= headers.size()) {
      size_t line_end = headers.find("\r\n", line_start);
      if (line_end == std::string_view::npos) line_end = headers.size();
      std::string_view line = headers.substr(line_start, line_end - line_start);
      auto colon = line.find(':');
      if (colon != std::string_view::npos) {
        const std::string key = LowerCopy(line.substr(0, colon));
        std::string_view value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
        if (key == "content-disposition") {
          name = HeaderParam(value, "name");
          field.filename = HeaderParam(value, "filename");
        } else if (key == "content-type") {
          field.content_type = std::string(value);
        }
      }
      line_start = line_end + 2;
    }
    if (name.empty()) return core::InvalidArgument("a multipart part has no name");
    form[name] = std::move(field);
    pos = next + 2;
  }
}

core::Result<Form> ParseUrlEncoded(std::string_view body) {
  Form form;
  std::string path;
  std::map<std::string, std::string> query;
  ParseTarget("/?" + std::string(body), path, query);
  for (auto& [k, v] : query) form[k].value = v;
  return form;
}

core::Result<Form> ParseJsonObject(std::string_view body) {
  auto j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return core::InvalidArgument("the request body is not valid JSON");
  if (!j.is_object()) return core::InvalidArgument("the request body must be a JSON object");
  Form form;
  for (auto& [k, v] : j.items()) {
    if (v.is_null()) continue;
    FormField f;
    if (v.is_string()) {
      f.value = v.get<std::string>();
    } else {
      f.value = v.dump();
      f.from_json_non_string = true;
    }
    form[k] = std::move(f);
  }
  return form;
}

core::Result<Form> ParseForm(const Request& request) {
  const std::string type = LowerCopy(request.Header("Content-Type"));
  if (request.body.empty()) return Form{};
  if (type.rfind("multipart/form-data", 0) == 0) {
    return ParseMultipart(request.body, request.Header("Content-Type"));
  }
  if (type.rfind("application/x-www-form-urlencoded", 0) == 0) return ParseUrlEncoded(request.body);
  if (type.empty() || type.rfind("application/json", 0) == 0) return ParseJsonObject(request.body);
  return core::InvalidArgument("unsupported Content-Type '" + request.Header("Content-Type") +
                                   "' (use application/json or multipart/form-data)",
                               "Content-Type");
}

}  // namespace kinora::http
