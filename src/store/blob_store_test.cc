#include "store/blob_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace kinora::store {
namespace {

namespace fs = std::filesystem;

TEST(BlobStoreTest, ContentAddressedAndDeduplicated) {
  fs::path root = fs::temp_directory_path() / ("kinora_blob_test_" + std::to_string(::getpid()));
  auto blobs = OpenFileBlobStore(root.string());
  ASSERT_TRUE(blobs.ok());
  auto write = [&](const std::string& name, const std::string& bytes) {
    fs::path p = fs::path((*blobs)->ScratchDir()) / name;
    std::ofstream(p, std::ios::binary) << bytes;
    return p.string();
  };
  auto k1 = (*blobs)->PutFile(write("a", "abc"));
  ASSERT_TRUE(k1.ok());
  // SHA-256("abc")
  EXPECT_EQ(*k1, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  auto k2 = (*blobs)->PutFile(write("b", "abc"));
  EXPECT_EQ(*k2, *k1);
  EXPECT_FALSE(fs::exists(fs::path((*blobs)->ScratchDir()) / "b"));
  auto path = (*blobs)->PathOf(*k1);
  ASSERT_TRUE(path.ok());
  std::ifstream in(*path);
  std::string content((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(content, "abc");
  EXPECT_EQ((*blobs)->PathOf("../etc/passwd").error().code, core::ErrorCode::kInvalidArgument);
  ASSERT_TRUE((*blobs)->Remove(*k1).ok());
  EXPECT_EQ((*blobs)->PathOf(*k1).error().code, core::ErrorCode::kNotFound);
  fs::remove_all(root);
}

}  // namespace
}  // namespace kinora::store
