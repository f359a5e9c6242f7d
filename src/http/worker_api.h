// /v1/workers: the lease protocol of GenerationService over HTTP, for
// `kinora worker` processes on other machines (see docs/workers.md).
//
//   POST /v1/workers/lease                        {worker_id, wait_seconds?}
//   POST /v1/workers/jobs/{id}/heartbeat          {token, progress}  -> {cancel}
//   PUT  /v1/workers/jobs/{id}/files/{variant}?token=T&offset=N      raw bytes
//   POST /v1/workers/jobs/{id}/complete           {token, storyboard_json}
//   POST /v1/workers/jobs/{id}/fail               {token, code, message, retryable}
//   POST /v1/workers/jobs/{id}/release            {token}
//   POST /v1/workers/jobs/{id}/cancelled          {token}
//   GET  /v1/workers/jobs/{id}/input?token=T      the input reference image
//   GET  /v1/workers/jobs/{id}/attempts           the job's attempt log
//
// Only administrators (installation keys, admin members) may call them; a
// member gets 403. Every step after the lease presents the lease's token; a
// step whose lease was lost to another worker is 409 with code "lease_lost",
// and the worker must abandon the job. Uploads are chunked (each chunk fits
// the server's max_body_bytes) and land in a scratch folder private to the
// attempt, so a zombie's files never mix with the current attempt's; complete
// checks the video is a playable MP4 before it is stored.
//
// A lease request with wait_seconds > 0 is a long poll: when nothing is
// queued it does not hold an I/O thread but answers as a stream (200,
// chunked) that one background thread fills with the lease, or with
// {"job": null} when the wait ends.
#pragma once

#include <memory>

#include "http/auth.h"
#include "http/router.h"
#include "jobs/generation_service.h"
#include "store/blob_store.h"

namespace kinora::http {

inline constexpr int kMaxLeaseWaitSeconds = 30;

// Adds the routes. The returned object serves the long polls: keep it alive
// while the server runs, and destroy it before the service.
std::shared_ptr<void> AddWorkerRoutes(Router& router, jobs::GenerationService& service,
                                      store::BlobStore& blobs, const Authenticator& auth);

}  // namespace kinora::http
