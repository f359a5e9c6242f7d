// CharacterService: reusable characters — a member's pet or object, taken
// from a short clip they upload, for prompts to cast by id later. The stored
// record keeps the clip, a reference frame (WebP), the kind (animal or
// object) and the dominant colours, which is what a planner needs to
// describe and match the character.
//
// People are never characters: a clip in which a human face shows is
// refused, because a person appears only through a verified cameo, made
// with a live challenge in the app's Cameo screen. Faces are found with
// OpenCV's Haar cascades on frames sampled across the clip.
//
// Thread-safe: the detectors are shared under a mutex; decoding runs outside it.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"
#include "social/principal.h"
#include "store/blob_store.h"
#include "store/store.h"

namespace kinora::social {

// The message of Create()'s refusal of a clip that shows a person
// (kInvalidArgument, param "video"). The API answers it with the code
// "human_face_detected".
extern const std::string_view kHumanFaceRefusal;

struct CharacterOptions {
  std::string cascade_dir;  // "": OpenCV's haarcascades from the opencv-data package
  double min_seconds = 1;   // the clip's duration, inclusive
  double max_seconds = 30;
  int max_dimension = 4096;  // pixels a side
  int sampled_frames = 8;    // frames inspected, evenly spaced
  int face_frames = 2;       // refuse when a face shows in at least this many of them
};

class CharacterService {
 public:
  // Loads the face detectors; kUnavailable when their files are missing.
  static core::Result<std::unique_ptr<CharacterService>> Open(store::Store& store,
                                                              store::BlobStore& blobs,
                                                              const core::Clock& clock,
                                                              CharacterOptions options = {});
  ~CharacterService();

  // Makes a character named `name` (trimmed, 1–80 characters) from the clip
  // at `clip_path`, which this consumes: the file is moved into the blob
  // store or removed, whatever the outcome. The clip must be an MP4, MOV or
  // WebM video of 1–30 seconds. `kind` is "animal", "object" or "" to decide
  // from the clip (a cat face makes it an animal). kInvalidArgument (param
  // "name", "video" or "kind") for bad input, kHumanFaceRefusal for a person.
  core::Result<store::Character> Create(const Principal& who, std::string_view name,
                                        const std::string& clip_path, std::string_view kind = {});

  // The character, if `who` may see it: its owner, or an installation key or
  // admin. Anyone else gets kNotFound, as for a character that does not exist.
  core::Result<store::Character> Get(const Principal& who, const std::string& id);

 private:
  struct Detectors;
  struct Inspection;
  CharacterService(store::Store& store, store::BlobStore& blobs, const core::Clock& clock,
                   CharacterOptions options, std::unique_ptr<Detectors> detectors);
  core::Result<Inspection> Inspect(const std::string& clip_path);

  store::Store& store_;
  store::BlobStore& blobs_;
  const core::Clock& clock_;
  const CharacterOptions options_;
  std::mutex detectors_mu_;
  std::unique_ptr<Detectors> detectors_;  // guarded by detectors_mu_
};

}  // namespace kinora::social
