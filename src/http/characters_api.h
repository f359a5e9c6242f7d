// /v1/videos/characters: reusable characters, in the wire format of the
// OpenAI SDKs' `client.videos.createCharacter` / `getCharacter`.
//
//   POST /v1/videos/characters        multipart: name, video (a file); → {id, created_at, name}
//   GET  /v1/videos/characters/{id}   → {id, created_at, name}
//
// Kinora extension on create: `kind` ("animal" | "object"; decided from the
// clip when absent). A clip showing a person is refused with 400 and code
// "human_face_detected". Register these before AddVideoRoutes: the router
// takes the first pattern that matches, and "/v1/videos/{id}/content" would
// otherwise claim a character whose id were "content".
#pragma once

#include "http/auth.h"
#include "http/router.h"
#include "social/characters.h"
#include "store/blob_store.h"

namespace kinora::http {

// Every route needs a caller; a member's characters are theirs alone
// (others get 404), installation keys and admins see all. Uploads are
// written to `blobs`' scratch directory before the service takes them.
void AddCharacterRoutes(Router& router, social::CharacterService& service,
                        const store::BlobStore& blobs, const Authenticator& auth);

}  // namespace kinora::http
