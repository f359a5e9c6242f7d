#include "store/blob_store.h"

#include <openssl/evp.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <vector>

#include "core/file_util.h"

namespace kinora::store {
namespace {

namespace fs = std::filesystem;

class FileBlobStore final : public BlobStore {
 public:
  explicit FileBlobStore(fs::path root) : root_(std::move(root)) {}

  core::Result<std::string> PutFile(const std::string& path) override {
    KINORA_ASSIGN_OR_RETURN(std::string key, Sha256File(path));
    const fs::path dest = Location(key);
    std::error_code ec;
    fs::create_directories(dest.parent_path(), ec);
    if (ec) return core::IoError("cannot create blob directory: " + ec.message(), dest.string());
    if (fs::exists(dest, ec)) {  // same bytes already stored
      fs::remove(path, ec);
      return key;
    }
    KINORA_RETURN_IF_ERROR(core::PublishFile(path, dest.string()));
    return key;
  }

  core::Result<std::string> PathOf(const std::string& key) const override {
    if (!IsBlobKey(key)) return core::InvalidArgument("malformed blob key", key);
    fs::path p = Location(key);
    std::error_code ec;
    if (!fs::exists(p, ec)) return core::NotFound("blob " + key + " is missing");
    return p.string();
  }

  core::Status Remove(const std::string& key) override {
    if (!IsBlobKey(key)) return core::InvalidArgument("malformed blob key", key);
    std::error_code ec;
    fs::remove(Location(key), ec);
    if (ec) return core::IoError("cannot remove blob: " + ec.message(), key);
    return core::Ok();
  }

  std::string ScratchDir() const override { return (root_ / "tmp").string(); }

 private:
  fs::path Location(const std::string& key) const {
    return root_ / "sha256" / key.substr(0, 2) / key.substr(2);
  }
  fs::path root_;
};

}  // namespace

bool IsBlobKey(std::string_view key) {
  if (key.size() != 64) return false;
  for (char c : key) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

core::Result<std::string> Sha256File(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::IoError("cannot read file", path);
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
  std::vector<char> buf(1 << 16);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    if (in.gcount() > 0) EVP_DigestUpdate(ctx.get(), buf.data(), static_cast<size_t>(in.gcount()));
  }
  if (in.bad()) return core::IoError("error reading file", path);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx.get(), digest, &len);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < len; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

core::Result<std::unique_ptr<BlobStore>> OpenFileBlobStore(const std::string& root) {
  std::error_code ec;
  fs::create_directories(fs::path(root) / "tmp", ec);
  if (ec) return core::IoError("cannot create the blob directory: " + ec.message(), root);
  fs::create_directories(fs::path(root) / "sha256", ec);
  if (ec) return core::IoError("cannot create the blob directory: " + ec.message(), root);
  if (::access(root.c_str(), W_OK) != 0) {
    return core::IoError("the blob directory is not writable", root);
  }
  return std::unique_ptr<BlobStore>(std::make_unique<FileBlobStore>(fs::path(root)));
}

}  // namespace kinora::store
