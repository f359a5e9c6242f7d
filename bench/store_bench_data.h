// The data set store_bench seeds, and the rows it becomes.
//
// Generate() builds every member, edge, video, like, comment and blob
// reference in memory from a fixed seed, so every run and every backend gets
// the same data; Tables() turns it into each table's rows, in load order and
// in primary-key order, with every counter column computed from the rows. A
// DataSet is not changed once generated; the rows a Table yields read it, so
// it must outlive them.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace kinora::bench {

constexpr uint64_t kSeed = 0x6b696e6f7261;  // "kinora": every run builds the same data
constexpr int64_t kDayMs = 86400000;
constexpr int64_t kStartMs = 1704067200000;          // 2024-01-01T00:00:00Z: the first member joins
constexpr int64_t kEndMs = kStartMs + 365 * kDayMs;  // the data set covers a year

// ---------------------------------------------------------------- randomness

// Inline: the cpu-only baseline times a loop of it, which a call per step would slow.
inline uint64_t Mix(uint64_t x) {  // SplitMix64's finalizer
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

// SplitMix64: small, fast and the same on every platform (std's distributions are not).
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() { return Mix(state_ += 0x9e3779b97f4a7c15ull); }
  uint64_t Below(uint64_t n) { return Next() % n; }
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

 private:
  uint64_t state_;
};

// Ranks 0..n-1 with P(k) ∝ 1/(k+1)^s.
class Zipf {
 public:
  Zipf(size_t n, double s) : cdf_(n) {
    double sum = 0;
    for (size_t k = 0; k < n; ++k) cdf_[k] = sum += std::pow(static_cast<double>(k + 1), -s);
    for (double& c : cdf_) c /= sum;
  }
  size_t Sample(Rng& rng) const {
    const size_t k = std::upper_bound(cdf_.begin(), cdf_.end(), rng.Unit()) - cdf_.begin();
    return std::min(k, cdf_.size() - 1);
  }

 private:
  std::vector<double> cdf_;
};

// ---------------------------------------------------------------- the data set

inline uint64_t PairKey(uint32_t a, uint32_t b) { return (static_cast<uint64_t>(a) << 32) | b; }
inline uint32_t First(uint64_t key) { return static_cast<uint32_t>(key >> 32); }
inline uint32_t Second(uint64_t key) { return static_cast<uint32_t>(key); }

using BlobKey = std::array<uint64_t, 4>;  // a SHA-256; ordered as its hex is

struct Sizes {
  size_t users, follows, blocks, videos, likes, comments;
};

// The sizes at --scale `scale`; 1 is the full data set of store_bench's help.
Sizes SizesAt(double scale);

// Everything seeded, in the order each table loads (ids sort as the vectors do).
struct DataSet {
  Sizes sizes{};
  // Members, by id (= join time).
  std::vector<int64_t> user_at;
  std::vector<std::string> user_ids, handles;
  std::vector<uint32_t> followers, following, posted;  // the counter columns
  std::vector<uint32_t> user_rank;  // popularity rank → member; rank 0 is the most followed
  // Edges as PairKey(from, to), sorted: the primary key's order.
  std::vector<uint64_t> follows, blocks;
  std::vector<bool> in_a_block;  // the member blocks or is blocked by someone
  // Videos, by id (= creation time).
  std::vector<int64_t> video_at;
  std::vector<uint32_t> video_owner;
  std::vector<uint8_t> visibility;
  std::vector<int64_t> remix_of;  // -1: none
  std::vector<std::string> video_ids;
  std::vector<uint32_t> like_count, comment_count, remix_count;
  std::vector<uint32_t> video_rank;  // popularity rank → posted video
  std::vector<uint64_t> likes;       // PairKey(video, user), sorted
  struct CommentRow {
    int64_t at;
    uint32_t video, author;
  };
  std::vector<CommentRow> comments;  // by id (= time)
  std::vector<BlobKey> blob_keys;    // sorted; one reference each
  // The skews, kept for picking new likes and follows while measuring.
  std::unique_ptr<Zipf> followee_zipf, video_zipf;

  bool HasAvatar(size_t user) const;
  bool Follows(uint32_t a, uint32_t b) const {
    return std::binary_search(follows.begin(), follows.end(), PairKey(a, b));
  }
  bool Blocked(uint32_t a, uint32_t b) const {
    return std::binary_search(blocks.begin(), blocks.end(), PairKey(a, b)) ||
           std::binary_search(blocks.begin(), blocks.end(), PairKey(b, a));
  }
  bool Liked(uint32_t video, uint32_t user) const {
    return std::binary_search(likes.begin(), likes.end(), PairKey(video, user));
  }
};

// The whole data set for `sizes`, the same on every run.
DataSet Generate(const Sizes& sizes);

// ---------------------------------------------------------------- rows

// Receives one row's values in column order.
class RowSink {
 public:
  virtual ~RowSink() = default;
  virtual void Text(std::string_view v) = 0;
  virtual void Int(int64_t v) = 0;
  virtual void Null() = 0;
};

struct Table {
  std::string name;
  std::vector<std::string> columns;
  size_t rows;
  std::function<void(size_t, RowSink&)> row;
};

// Every table the store would hold for `d`, in the order they load.
std::vector<Table> Tables(const DataSet& d);

}  // namespace kinora::bench
