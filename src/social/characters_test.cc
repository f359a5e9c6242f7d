// CharacterService on a real SQLite store, a real blob store and real MP4
// clips: pets and objects are accepted, clips with a human face refused.
// The clips come from character_test_clips.h.
#include "social/characters.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/id.h"
#include "social/character_test_clips.h"
#include "store/blob_store.h"
#include "store/store.h"

namespace kinora::social {
namespace {

namespace fs = std::filesystem;

using testclips::kFps;
using testclips::PaintBall;
using testclips::PaintFace;

class CharacterServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("kinora_characters_test_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto store = store::OpenStore("sqlite:" + (dir_ / "kinora.db").string());
    ASSERT_TRUE(store.ok()) << store.error().ToString();
    store_ = std::move(*store);
    auto migrated = store_->Migrate();
    ASSERT_TRUE(migrated.ok()) << migrated.error().ToString();
    auto blobs = store::OpenFileBlobStore((dir_ / "blobs").string());
    ASSERT_TRUE(blobs.ok());
    blobs_ = std::move(*blobs);
    auto service = CharacterService::Open(*store_, *blobs_, clock_);
    ASSERT_TRUE(service.ok()) << service.error().ToString();
    service_ = std::move(*service);
    ada_ = Member("ada");
    bob_ = Member("bob");
  }
  void TearDown() override {
    service_.reset();
    store_.reset();
    fs::remove_all(dir_);
  }

  Principal Member(const std::string& handle) {
    store::NewUser n;
    n.user.id = core::NewId("user", clock_);
    n.user.handle = handle;
    n.user.display_name = handle;
    n.user.birthdate = "1990-01-01";
    n.user.password_hash = "x";
    n.user.created_at = clock_.UnixMillis();
    n.invite_required = false;
    n.first_member_is_admin = false;
    auto user = store_->CreateUser(n);
    EXPECT_TRUE(user.ok()) << user.error().ToString();
    Principal p;
    p.user = *user;
    return p;
  }

  std::string WriteClip(const std::string& name, double seconds, const testclips::Painter& paint) {
    const std::string path = (dir_ / name).string();
    EXPECT_TRUE(testclips::WriteClip(path, seconds, paint).ok());
    return path;
  }

  std::string Copy(const std::string& path, const std::string& name) {
    const fs::path to = dir_ / name;
    fs::copy_file(path, to, fs::copy_options::overwrite_existing);
    return to.string();
  }

  std::string ReadAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
  }

  void ExpectRefused(const core::Result<store::Character>& r, const std::string& param,
                     const std::string& message_part) {
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument) << r.error().ToString();
    EXPECT_EQ(r.error().detail, param) << r.error().ToString();
    EXPECT_NE(r.error().message.find(message_part), std::string::npos) << r.error().message;
  }

  fs::path dir_;
  core::FakeClock clock_{1'795'000'000'000};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<store::BlobStore> blobs_;
  std::unique_ptr<CharacterService> service_;
  Principal ada_, bob_;
};

TEST_F(CharacterServiceTest, AClipOfABallBecomesAnObjectCharacter) {
  const std::string clip = WriteClip("ball.mp4", 2.0, PaintBall);
  const std::string original = ReadAll(clip);
  auto made = service_->Create(ada_, "  Red ball  ", clip);
  ASSERT_TRUE(made.ok()) << made.error().ToString();
  EXPECT_EQ(made->id.rfind("char_", 0), 0u);
  EXPECT_EQ(made->name, "Red ball");
  EXPECT_EQ(made->kind, "object");
  EXPECT_EQ(made->owner_id, ada_.user_id());
  EXPECT_FALSE(fs::exists(clip)) << "the upload is consumed";

  // The clip is stored byte for byte; the reference frame is a WebP of it.
  ASSERT_TRUE(store::IsBlobKey(made->clip_key));
  EXPECT_EQ(ReadAll(*blobs_->PathOf(made->clip_key)), original);
  const std::string image = ReadAll(*blobs_->PathOf(made->image_key));
  EXPECT_EQ(image.substr(0, 4), "RIFF");
  EXPECT_EQ(image.substr(8, 4), "WEBP");

  // The wall's blue leads the palette; the red ball is in it too.
  ASSERT_FALSE(made->palette.empty());
  EXPECT_LE(made->palette.size(), 5u);
  auto near = [](const std::string& hex, int r, int g, int b) {
    const int cr = std::stoi(hex.substr(1, 2), nullptr, 16);
    const int cg = std::stoi(hex.substr(3, 2), nullptr, 16);
    const int cb = std::stoi(hex.substr(5, 2), nullptr, 16);
    return std::abs(cr - r) < 24 && std::abs(cg - g) < 24 && std::abs(cb - b) < 24;
  };
  EXPECT_TRUE(near(made->palette[0], 40, 90, 200)) << made->palette[0];
  bool red = false;
  for (const auto& hex : made->palette) red = red || near(hex, 220, 30, 30);
  EXPECT_TRUE(red) << "no red among " << ::testing::PrintToString(made->palette);

  auto stored = store_->GetCharacter(made->id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->palette, made->palette);
  EXPECT_EQ(stored->clip_key, made->clip_key);
}

TEST_F(CharacterServiceTest, AClipShowingAHumanFaceIsRefused) {
  const std::string clip = WriteClip("face.mp4", 2.0, PaintFace);
  auto refused = service_->Create(ada_, "Me", clip);
  ExpectRefused(refused, "video", "verified cameo");
  EXPECT_EQ(refused.error().message, kHumanFaceRefusal);
  EXPECT_FALSE(fs::exists(clip)) << "a refused upload is removed";
  auto none = store_->ListCharacters(std::nullopt, "", 10);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->items.empty());
}

TEST_F(CharacterServiceTest, AFaceInOneSampledFrameOnlyIsNotEnough) {
  // The face shows for the first eighth of the clip: one sampled frame of eight.
  const double seconds = 2.0;
  const int face_frames = static_cast<int>(seconds * kFps / 8);
  const std::string clip = WriteClip("glimpse.mp4", seconds, [&](cv::Mat& m, int f) {
    if (f < face_frames) {
      PaintFace(m, f);
    } else {
      PaintBall(m, f);
    }
  });
  auto made = service_->Create(ada_, "Ball with a passer-by", clip);
  EXPECT_TRUE(made.ok()) << made.error().ToString();
}

TEST_F(CharacterServiceTest, NamesKindsAndClipsAreValidated) {
  const std::string ball = WriteClip("ball.mp4", 2.0, PaintBall);
  ExpectRefused(service_->Create(ada_, "   ", Copy(ball, "a.mp4")), "name", "1 to 80");
  ExpectRefused(service_->Create(ada_, std::string(81, 'x'), Copy(ball, "b.mp4")), "name",
                "1 to 80");
  ExpectRefused(service_->Create(ada_, "bad \xff", Copy(ball, "c.mp4")), "name", "UTF-8");
  EXPECT_TRUE(service_->Create(ada_, std::string(80, 'x'), Copy(ball, "d.mp4")).ok());
  ExpectRefused(service_->Create(ada_, "Ball", Copy(ball, "e.mp4"), "human"), "kind",
                "animal or object");
  auto animal = service_->Create(ada_, "Ball", Copy(ball, "f.mp4"), "animal");
  ASSERT_TRUE(animal.ok());
  EXPECT_EQ(animal->kind, "animal");

  ExpectRefused(service_->Create(ada_, "Short", WriteClip("short.mp4", 0.5, PaintBall)), "video",
                "1 to 30 seconds");
  ExpectRefused(service_->Create(ada_, "Long", WriteClip("long.mp4", 31, PaintBall)), "video",
                "1 to 30 seconds");

  const std::string text = (dir_ / "notes.mp4").string();
  std::ofstream(text) << "#EXTM3U\n#EXT-X-TARGETDURATION:1\nfile:///etc/passwd\n";
  ExpectRefused(service_->Create(ada_, "Playlist", text), "video", "MP4, MOV or WebM");
  EXPECT_FALSE(fs::exists(text));

  // The right magic with nothing behind it.
  const std::string fake = (dir_ / "fake.mp4").string();
  std::ofstream(fake, std::ios::binary) << std::string(
                                               "\0\0\0\x18"
                                               "ftypisom",
                                               12)
                                        << std::string(200, '\x7f');
  auto broken = service_->Create(ada_, "Broken", fake);
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(broken.error().detail, "video");

  ExpectRefused(service_->Create(ada_, "Missing", (dir_ / "nope.mp4").string()), "video",
                "MP4, MOV or WebM");
}

TEST_F(CharacterServiceTest, OnlyTheOwnerAndAdministratorsSeeACharacter) {
  auto made = service_->Create(ada_, "Ball", WriteClip("ball.mp4", 1.5, PaintBall));
  ASSERT_TRUE(made.ok()) << made.error().ToString();
  EXPECT_TRUE(service_->Get(ada_, made->id).ok());
  auto hidden = service_->Get(bob_, made->id);
  ASSERT_FALSE(hidden.ok());
  EXPECT_EQ(hidden.error().code, core::ErrorCode::kNotFound);
  const Principal installation;  // an installation key: no member
  EXPECT_TRUE(service_->Get(installation, made->id).ok());
  EXPECT_EQ(service_->Get(ada_, "char_nope").error().code, core::ErrorCode::kNotFound);

  auto unowned =
      service_->Create(installation, "House ball", WriteClip("ball2.mp4", 1.5, PaintBall));
  ASSERT_TRUE(unowned.ok()) << unowned.error().ToString();
  EXPECT_FALSE(unowned->owner_id.has_value());
  EXPECT_EQ(service_->Get(ada_, unowned->id).error().code, core::ErrorCode::kNotFound);
}

TEST_F(CharacterServiceTest, MissingDetectorsAreReported) {
  auto service = CharacterService::Open(*store_, *blobs_, clock_, {.cascade_dir = dir_.string()});
  ASSERT_FALSE(service.ok());
  EXPECT_EQ(service.error().code, core::ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace kinora::social
