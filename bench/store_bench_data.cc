// The data set store_bench seeds: see store_bench_data.h.
#include "store_bench_data.h"

#include <cstdio>
#include <cstdlib>
#include <utility>

namespace kinora::bench {
namespace {

// ---------------------------------------------------------------- randomness

// A value fixed by (i, salt): the same entity gets the same text, key and time every run.
uint64_t Hash(uint64_t i, uint64_t salt) {
  return Mix(Mix(i + 0x9e3779b97f4a7c15ull) ^ salt ^ kSeed);
}

std::vector<uint32_t> Shuffled(size_t n, Rng& rng) {
  std::vector<uint32_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<uint32_t>(i);
  for (size_t i = n; i > 1; --i) std::swap(v[i - 1], v[rng.Below(i)]);
  return v;
}

// ---------------------------------------------------------------- the data set

constexpr uint64_t kNoPair = ~0ull;

// As core::NewId: "<prefix>_" + 12 hex of milliseconds + 14 hex of noise, here from a hash.
std::string MakeId(const char* prefix, int64_t ms, uint64_t noise) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s_%012llx%014llx", prefix,
                static_cast<unsigned long long>(ms) & 0xFFFFFFFFFFFFull,
                static_cast<unsigned long long>(noise) & 0xFFFFFFFFFFFFFFull);
  return buf;
}

BlobKey MakeBlobKey(uint64_t i, uint64_t salt) {
  return {Hash(i, salt), Hash(i, salt + 1), Hash(i, salt + 2), Hash(i, salt + 3)};
}

std::string Hex(const BlobKey& k) {
  char buf[65];
  std::snprintf(buf, sizeof buf, "%016llx%016llx%016llx%016llx",
                static_cast<unsigned long long>(k[0]), static_cast<unsigned long long>(k[1]),
                static_cast<unsigned long long>(k[2]), static_cast<unsigned long long>(k[3]));
  return buf;
}

enum Salt : uint64_t {
  kUserSalt = 1,
  kVideoSalt = 2,
  kCommentSalt = 3,
  kFollowTimeSalt = 4,
  kBlockTimeSalt = 5,
  kLikeTimeSalt = 6,
  kAvatarSalt = 100,
  kContentSalt = 200,
  kThumbnailSalt = 300,
};

enum Visibility : uint8_t { kPosted, kDraft, kUnlisted };
constexpr const char* kVisibilityNames[] = {"posted", "draft", "unlisted"};

// A time in [lo, kEndMs) fixed by the pair, for edges generated as keys.
int64_t PairTime(uint64_t key, int64_t lo, uint64_t salt) {
  const int64_t end = std::max(kEndMs, lo + 1);
  return lo + static_cast<int64_t>(Hash(key, salt) % static_cast<uint64_t>(end - lo));
}

// `n` distinct pairs from `draw` (which may return kNoPair to reject one), sorted.
std::vector<uint64_t> DistinctPairs(size_t n, const std::function<uint64_t()>& draw) {
  std::vector<uint64_t> keys;
  keys.reserve(n);
  for (int round = 0; keys.size() < n; ++round) {
    if (round == 1000) {
      std::fprintf(stderr, "store_bench: cannot draw %zu distinct pairs\n", n);
      std::exit(1);
    }
    const size_t old = keys.size();
    while (keys.size() < n) {
      if (const uint64_t k = draw(); k != kNoPair) keys.push_back(k);
    }
    std::sort(keys.begin() + static_cast<std::ptrdiff_t>(old), keys.end());
    std::inplace_merge(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(old), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  }
  return keys;
}

constexpr std::string_view kSyllables[] = {"ka", "mi", "ra", "to", "lu", "ne", "so", "vi",
                                           "da", "el", "an", "jo", "ri", "sa", "ve", "no",
                                           "ta", "li", "mo", "ze", "ha", "ku", "be", "yo"};

std::string Name(uint64_t h) {
  std::string out;
  for (uint64_t i = 0, n = 2 + h % 2; i < n; ++i) out += kSyllables[Mix(h + i) % 24];
  return out;
}

void MakeMembers(DataSet& d, Rng& rng) {
  const size_t n = d.sizes.users;
  const int64_t slot = std::max<int64_t>(1, 300 * kDayMs / static_cast<int64_t>(n));
  d.user_at.resize(n);
  for (size_t i = 0; i < n; ++i) {
    // Members join over 300 days, each in its own slot, so ids sort as join times.
    d.user_at[i] =
        kStartMs + static_cast<int64_t>(i) * slot + static_cast<int64_t>(rng.Below(slot));
    d.user_ids.push_back(MakeId("user", d.user_at[i], Hash(i, kUserSalt)));
    // A name and the index in base 36: unique, 3 to 30 of [a-z0-9._].
    std::string handle = Name(Hash(i, kUserSalt)) + (i % 3 ? "_" : ".");
    size_t v = i;
    do {
      handle += "0123456789abcdefghijklmnopqrstuvwxyz"[v % 36];
      v /= 36;
    } while (v > 0);
    d.handles.push_back(std::move(handle));
  }
  d.followers.assign(n, 0);
  d.following.assign(n, 0);
  d.posted.assign(n, 0);
  d.user_rank = Shuffled(n, rng);
}

void MakeGraph(DataSet& d, Rng& rng) {
  const size_t n = d.sizes.users;
  d.followee_zipf = std::make_unique<Zipf>(n, 0.9);
  d.follows = DistinctPairs(d.sizes.follows, [&] {
    const uint32_t b = d.user_rank[d.followee_zipf->Sample(rng)];
    const auto a = static_cast<uint32_t>(rng.Below(n));
    return a == b ? kNoPair : PairKey(a, b);
  });
  for (uint64_t k : d.follows) {
    ++d.following[First(k)];
    ++d.followers[Second(k)];
  }
  // Blocks between members who do not follow each other (a block removes follows).
  d.blocks = DistinctPairs(d.sizes.blocks, [&] {
    const auto a = static_cast<uint32_t>(rng.Below(n)), b = static_cast<uint32_t>(rng.Below(n));
    return a == b || d.Follows(a, b) || d.Follows(b, a) ? kNoPair : PairKey(a, b);
  });
  d.in_a_block.assign(n, false);
  for (uint64_t k : d.blocks) d.in_a_block[First(k)] = d.in_a_block[Second(k)] = true;
}

void MakeVideos(DataSet& d, Rng& rng) {
  struct Made {
    int64_t at;
    uint32_t owner;
  };
  std::vector<Made> made(d.sizes.videos);
  const Zipf creator(d.sizes.users, 0.7);  // the popular post more
  for (Made& m : made) {
    m.owner = d.user_rank[creator.Sample(rng)];
    const int64_t lo = d.user_at[m.owner] + 60000;
    m.at = lo + static_cast<int64_t>(rng.Below(static_cast<uint64_t>(kEndMs - lo)));
  }
  std::sort(made.begin(), made.end(), [](const Made& a, const Made& b) {
    return a.at != b.at ? a.at < b.at : a.owner < b.owner;
  });
  const size_t n = made.size();
  d.like_count.assign(n, 0);
  d.comment_count.assign(n, 0);
  d.remix_count.assign(n, 0);
  std::vector<uint32_t> posted;
  for (size_t j = 0; j < n; ++j) {
    if (j > 0) made[j].at = std::max(made[j].at, d.video_at[j - 1] + 1);  // ids strictly increase
    d.video_at.push_back(made[j].at);
    d.video_owner.push_back(made[j].owner);
    d.video_ids.push_back(MakeId("video", made[j].at, Hash(j, kVideoSalt)));
    const uint64_t h = Hash(j, kVideoSalt);
    const uint8_t vis = h % 100 < 85 ? kPosted : h % 100 < 95 ? kDraft : kUnlisted;
    d.visibility.push_back(vis);
    d.remix_of.push_back(-1);
    if (vis == kPosted && !posted.empty() && (h >> 8) % 100 < 3) {
      d.remix_of.back() = posted[rng.Below(posted.size())];
      ++d.remix_count[static_cast<size_t>(d.remix_of.back())];
    }
    if (vis == kPosted) {
      ++d.posted[made[j].owner];
      posted.push_back(static_cast<uint32_t>(j));
    }
  }
  for (size_t i = posted.size(); i > 1; --i) std::swap(posted[i - 1], posted[rng.Below(i)]);
  d.video_rank = std::move(posted);
}

void MakeReactions(DataSet& d, Rng& rng) {
  const size_t nu = d.sizes.users;
  d.video_zipf = std::make_unique<Zipf>(d.video_rank.size(), 0.75);
  d.likes = DistinctPairs(d.sizes.likes, [&] {
    const uint32_t v = d.video_rank[d.video_zipf->Sample(rng)];
    return PairKey(v, static_cast<uint32_t>(rng.Below(nu)));
  });
  for (uint64_t k : d.likes) ++d.like_count[First(k)];
  d.comments.resize(d.sizes.comments);
  for (auto& c : d.comments) {
    c.video = d.video_rank[d.video_zipf->Sample(rng)];
    c.author = static_cast<uint32_t>(rng.Below(nu));
    const int64_t lo = std::max(d.video_at[c.video], d.user_at[c.author]);
    c.at = lo + static_cast<int64_t>(
                    rng.Below(static_cast<uint64_t>(std::max(kEndMs - lo, int64_t{1}))));
    ++d.comment_count[c.video];
  }
  std::sort(d.comments.begin(), d.comments.end(), [](const auto& a, const auto& b) {
    return a.at != b.at ? a.at < b.at : PairKey(a.video, a.author) < PairKey(b.video, b.author);
  });
  for (size_t i = 1; i < d.comments.size(); ++i) {
    d.comments[i].at = std::max(d.comments[i].at, d.comments[i - 1].at + 1);
  }
}

void MakeBlobs(DataSet& d) {
  for (size_t j = 0; j < d.sizes.videos; ++j) {
    d.blob_keys.push_back(MakeBlobKey(j, kContentSalt));
    d.blob_keys.push_back(MakeBlobKey(j, kThumbnailSalt));
  }
  for (size_t i = 0; i < d.sizes.users; ++i) {
    if (d.HasAvatar(i)) d.blob_keys.push_back(MakeBlobKey(i, kAvatarSalt));
  }
  std::sort(d.blob_keys.begin(), d.blob_keys.end());
}

}  // namespace

Sizes SizesAt(double scale) {
  auto n = [&](double base, size_t at_least) {
    return std::max(at_least, static_cast<size_t>(std::llround(base * scale)));
  };
  return {n(100000, 50), n(1000000, 1), n(10000, 1), n(1000000, 1), n(5000000, 1), n(1000000, 1)};
}

bool DataSet::HasAvatar(size_t user) const { return Hash(user, kAvatarSalt) % 2 == 0; }

DataSet Generate(const Sizes& sizes) {
  DataSet d;
  d.sizes = sizes;
  Rng rng(kSeed);
  MakeMembers(d, rng);
  MakeGraph(d, rng);
  MakeVideos(d, rng);
  MakeReactions(d, rng);
  MakeBlobs(d);
  return d;
}

// ---------------------------------------------------------------- rows

namespace {

constexpr std::string_view kWords[] = {
    "a",      "golden", "retriever", "runs",     "on",    "the",     "beach",  "at",
    "sunset", "chef",   "cooks",     "pasta",    "in",    "kitchen", "skater", "lands",
    "trick",  "night",  "city",      "rain",     "neon",  "street",  "dragon", "knight",
    "forest", "cat",    "jumps",     "over",     "river", "slow",    "motion", "love",
    "this",   "so",     "good",      "wow",      "haha",  "again",   "please", "more",
    "camera", "pans",   "across",    "mountain", "snow",  "winter",  "summer", "dance"};
constexpr std::string_view kCameras[] = {"static", "handheld", "dolly", "drone", "close-up"};
constexpr std::string_view kStyles[] = {"cinematic", "anime", "noir", "pixel art", "documentary"};
constexpr std::string_view kCountries[] = {"US", "KR", "JP", "DE", "FR",
                                           "BR", "IN", "GB", "ES", "MX"};

std::string Words(uint64_t h, uint64_t n) {
  std::string out;
  for (uint64_t i = 0; i < n; ++i) {
    if (i) out += ' ';
    out += kWords[Mix(h + i) % std::size(kWords)];
  }
  return out;
}

std::string Storyboard(uint64_t h) {
  std::string out = "{\"shots\":[";
  for (uint64_t s = 0, n = 1 + h % 3; s < n; ++s) {
    const uint64_t hs = Mix(h + 7 * s);
    if (s) out += ',';
    out += "{\"prompt\":\"" + Words(hs, 8 + hs % 9) + "\",\"seconds\":4,\"camera\":\"" +
           std::string(kCameras[hs % std::size(kCameras)]) + "\"}";
  }
  return out + "],\"style\":\"" + std::string(kStyles[h % std::size(kStyles)]) + "\",\"fps\":24}";
}

std::string Birthdate(uint64_t h) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(1960 + h % 48),
                static_cast<int>(1 + (h >> 8) % 12), static_cast<int>(1 + (h >> 16) % 28));
  return buf;
}

std::string PasswordHash(uint64_t h) {  // the shape of libsodium's argon2id strings
  const std::string salt = Hex(MakeBlobKey(h, 7));
  return "$argon2id$v=19$m=65536,t=2,p=1$" + salt.substr(0, 22) + "$" + salt.substr(22, 43);
}

std::string DisplayName(uint64_t h) {
  std::string first = Name(h), last = Name(Mix(h));
  first[0] = static_cast<char>(first[0] - 'a' + 'A');
  last[0] = static_cast<char>(last[0] - 'a' + 'A');
  return first + " " + last;
}

}  // namespace

std::vector<Table> Tables(const DataSet& d) {
  std::vector<Table> t;
  t.push_back(
      {"users",
       {"id", "handle", "display_name", "bio", "avatar_key", "birthdate", "country",
        "password_hash", "role", "follower_count", "following_count", "video_count", "created_at"},
       d.sizes.users,
       [&d](size_t i, RowSink& out) {
         const uint64_t h = Hash(i, kUserSalt);
         out.Text(d.user_ids[i]);
         out.Text(d.handles[i]);
         out.Text(DisplayName(h));
         out.Text(h % 3 ? Words(h, 3 + h % 12) : "");
         out.Text(d.HasAvatar(i) ? Hex(MakeBlobKey(i, kAvatarSalt)) : "");
         out.Text(Birthdate(h));
         out.Text(kCountries[(h >> 20) % std::size(kCountries)]);
         out.Text(PasswordHash(h));
         out.Text(i == 0 ? "admin" : "member");  // CreateUser's first member
         out.Int(d.followers[i]);
         out.Int(d.following[i]);
         out.Int(d.posted[i]);
         out.Int(d.user_at[i]);
       }});
  auto edges = [&d](const std::vector<uint64_t>& keys, uint64_t salt) {
    return [&d, &keys, salt](size_t i, RowSink& out) {
      const uint32_t a = First(keys[i]), b = Second(keys[i]);
      out.Text(d.user_ids[a]);
      out.Text(d.user_ids[b]);
      out.Int(PairTime(keys[i], std::max(d.user_at[a], d.user_at[b]), salt));
    };
  };
  t.push_back({"follows",
               {"follower_id", "followee_id", "created_at"},
               d.follows.size(),
               edges(d.follows, kFollowTimeSalt)});
  t.push_back({"blocks",
               {"blocker_id", "blocked_id", "created_at"},
               d.blocks.size(),
               edges(d.blocks, kBlockTimeSalt)});
  t.push_back(
      {"videos",
       {"id", "owner_id", "generation_id", "prompt", "caption", "storyboard_json", "visibility",
        "remix_of", "content_key", "thumbnail_key", "seconds", "width", "height", "like_count",
        "comment_count", "view_count", "remix_count", "created_at", "posted_at"},
       d.sizes.videos,
       [&d](size_t j, RowSink& out) {
         const uint64_t h = Hash(j, kVideoSalt);
         out.Text(d.video_ids[j]);
         out.Text(d.user_ids[d.video_owner[j]]);
         out.Text("");  // made outside a generation: no generation row to seed
         out.Text(Words(h, 10 + h % 25));
         out.Text(h % 4 ? Words(Mix(h), 2 + h % 10) : "");
         out.Text(Storyboard(h));
         out.Text(kVisibilityNames[d.visibility[j]]);
         if (d.remix_of[j] >= 0) {
           out.Text(d.video_ids[static_cast<size_t>(d.remix_of[j])]);
         } else {
           out.Null();
         }
         out.Text(Hex(MakeBlobKey(j, kContentSalt)));
         out.Text(Hex(MakeBlobKey(j, kThumbnailSalt)));
         out.Int(4 * static_cast<int64_t>(1 + h % 3));
         out.Int(720);
         out.Int(1280);
         out.Int(d.like_count[j]);
         out.Int(d.comment_count[j]);
         out.Int(8 * static_cast<int64_t>(d.like_count[j]) + static_cast<int64_t>(h % 50));
         out.Int(d.remix_count[j]);
         out.Int(d.video_at[j]);
         if (d.visibility[j] == kPosted) {
           out.Int(d.video_at[j] + static_cast<int64_t>((h >> 32) % (2 * 3600000)));
         } else {
           out.Null();
         }
       }});
  t.push_back({"likes",
               {"video_id", "user_id", "created_at"},
               d.likes.size(),
               [&d](size_t i, RowSink& out) {
                 const uint32_t v = First(d.likes[i]), u = Second(d.likes[i]);
                 out.Text(d.video_ids[v]);
                 out.Text(d.user_ids[u]);
                 out.Int(
                     PairTime(d.likes[i], std::max(d.video_at[v], d.user_at[u]), kLikeTimeSalt));
               }});
  t.push_back({"comments",
               {"id", "video_id", "author_id", "body", "created_at"},
               d.comments.size(),
               [&d](size_t i, RowSink& out) {
                 const auto& c = d.comments[i];
                 const uint64_t h = Hash(i, kCommentSalt);
                 out.Text(MakeId("cmt", c.at, h));
                 out.Text(d.video_ids[c.video]);
                 out.Text(d.user_ids[c.author]);
                 out.Text(Words(h, 1 + h % 20));
                 out.Int(c.at);
               }});
  t.push_back({"blob_refs", {"blob_key", "refs"}, d.blob_keys.size(), [&d](size_t i, RowSink& out) {
                 out.Text(Hex(d.blob_keys[i]));
                 out.Int(1);
               }});
  return t;
}

}  // namespace kinora::bench
