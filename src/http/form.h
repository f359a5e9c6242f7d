// Request body forms: multipart/form-data (what the OpenAI SDKs send for
// /v1/videos), application/x-www-form-urlencoded and JSON objects, all read
// into one field map so handlers validate a single shape.
#pragma once

#include <map>
#include <string>

#include "core/result.h"
#include "http/message.h"

namespace kinora::http {

struct FormField {
  std::string value;     // text, or a file's bytes
  std::string filename;  // set for file parts
  std::string content_type;
  bool from_json_non_string = false;  // a JSON number/bool/object kept as its JSON text
};

using Form = std::map<std::string, FormField>;

core::Result<Form> ParseMultipart(std::string_view body, std::string_view content_type);
core::Result<Form> ParseUrlEncoded(std::string_view body);
core::Result<Form> ParseJsonObject(std::string_view body);
// Chooses the parser by Content-Type; an empty body gives an empty form.
core::Result<Form> ParseForm(const Request& request);

}  // namespace kinora::http
