// BlobStore: content-addressed media. A blob's key is the lowercase hex
// SHA-256 of its bytes; the same bytes are stored once. Files are written to
// a temporary name, fsynced and renamed, so a reader never sees half a blob.
// Thread-safe.
#pragma once

#include <memory>
#include <string>

#include "core/result.h"

namespace kinora::store {

class BlobStore {
 public:
  virtual ~BlobStore() = default;

  // Moves the file at `path` into the store (consuming it) and returns its key.
  virtual core::Result<std::string> PutFile(const std::string& path) = 0;
  // Local path of a stored blob, for streaming; kNotFound if absent.
  virtual core::Result<std::string> PathOf(const std::string& key) const = 0;
  virtual core::Status Remove(const std::string& key) = 0;
  // A directory for scratch files on the same filesystem (cheap renames).
  virtual std::string ScratchDir() const = 0;
};

// Blobs under `root`/sha256/ab/cdef…; scratch files under `root`/tmp.
core::Result<std::unique_ptr<BlobStore>> OpenFileBlobStore(const std::string& root);

// SHA-256 of a file, as lowercase hex.
core::Result<std::string> Sha256File(const std::string& path);

bool IsBlobKey(std::string_view key);

}  // namespace kinora::store
