// The store's conformance on characters: round trips, owners and
// installation characters, newest-first pagination and blob references
// (store_conformance.h).
#include <string>
#include <vector>

#include "store/store_conformance.h"

namespace kinora::store::conformance {

namespace {

// The ids of every character of every page, in order.
std::vector<std::string> CharacterIds(const std::vector<std::vector<Character>>& pages) {
  std::vector<std::string> out;
  for (const auto& page : pages) {
    for (const auto& c : page) out.push_back(c.id);
  }
  return out;
}

class CharacterConformance : public StoreConformanceTest {
 protected:
  Character MakeCharacter(const std::optional<std::string>& owner_id, int64_t created_at) {
    Character c;
    c.id = NewId("char");
    c.owner_id = owner_id;
    c.name = "Biscuit the corgi 🐶";
    c.kind = "animal";
    c.clip_key = BlobKey();
    c.image_key = BlobKey();
    c.palette = {"#c8843a", "#f2efe9", "#2b2b2b"};
    c.created_at = created_at;
    return c;
  }

  Character AddCharacter(const std::optional<std::string>& owner_id, int64_t created_at = 0) {
    Character c = MakeCharacter(owner_id, created_at ? created_at : Tick());
    auto made = store_->CreateCharacter(c);
    EXPECT_TRUE(made.ok()) << made.error().ToString();
    return c;
  }
};

TEST_P(CharacterConformance, RoundTripsEveryField) {
  const User owner = AddMember("ada");
  Character c = MakeCharacter(owner.id, Tick());
  c.kind = "object";
  c.palette = {};
  ASSERT_OK(store_->CreateCharacter(c));
  ASSERT_OK_AND_ASSIGN(Character got, store_->GetCharacter(c.id));
  EXPECT_EQ(got.id, c.id);
  EXPECT_EQ(got.owner_id, c.owner_id);
  EXPECT_EQ(got.name, c.name);
  EXPECT_EQ(got.kind, "object");
  EXPECT_EQ(got.clip_key, c.clip_key);
  EXPECT_EQ(got.image_key, c.image_key);
  EXPECT_TRUE(got.palette.empty());
  EXPECT_EQ(got.created_at, c.created_at);

  const Character installation = AddCharacter(std::nullopt);
  ASSERT_OK_AND_ASSIGN(got, store_->GetCharacter(installation.id));
  EXPECT_FALSE(got.owner_id.has_value());
  EXPECT_EQ(got.palette, installation.palette);

  EXPECT_EQ(CodeOf(store_->GetCharacter("char_missing")), ErrorCode::kNotFound);
}

TEST_P(CharacterConformance, RejectsDuplicatesUnknownKindsAndMissingOwners) {
  const User owner = AddMember("ada");
  const Character c = AddCharacter(owner.id);
  EXPECT_EQ(CodeOf(store_->CreateCharacter(c)), ErrorCode::kAlreadyExists);

  Character pet = MakeCharacter(owner.id, Tick());
  pet.kind = "human";
  EXPECT_EQ(CodeOf(store_->CreateCharacter(pet)), ErrorCode::kInvalidArgument);

  Character orphan = MakeCharacter(std::string("user_nobody"), Tick());
  EXPECT_NE(CodeOf(store_->CreateCharacter(orphan)), ErrorCode::kOk);
  EXPECT_EQ(CodeOf(store_->GetCharacter(orphan.id)), ErrorCode::kNotFound);
  // The failed insert took no blob reference: releasing finds none.
  EXPECT_EQ(store_->ReleaseBlob(orphan.clip_key).value(), true);
  // The duplicate's references were not taken twice: one release frees the clip.
  EXPECT_EQ(store_->ReleaseBlob(c.clip_key).value(), true);
}

TEST_P(CharacterConformance, ListsNewestFirstByOwnerWithCursors) {
  const User ada = AddMember("ada");
  const User bob = AddMember("bob");
  const int64_t same_time = Tick();
  std::vector<std::string> ada_ids;
  for (int i = 0; i < 5; ++i) {
    // Three share a timestamp, so the id breaks the tie.
    ada_ids.push_back(AddCharacter(ada.id, i < 3 ? same_time : Tick()).id);
  }
  const Character bobs = AddCharacter(bob.id);
  const Character installation = AddCharacter(std::nullopt);

  const std::vector<std::string> newest_first(ada_ids.rbegin(), ada_ids.rend());
  const std::optional<std::string> ada_owner = ada.id;
  auto pages = Pages<Character>(
      [&](const std::string& after) { return store_->ListCharacters(ada_owner, after, 2); });
  EXPECT_EQ(Sizes(pages), (std::vector<size_t>{2, 2, 1}));
  EXPECT_EQ(CharacterIds(pages), newest_first);

  auto everyone = Pages<Character>(
      [&](const std::string& after) { return store_->ListCharacters(std::nullopt, after, 3); });
  std::vector<std::string> all = CharacterIds(everyone);
  ASSERT_EQ(all.size(), 7u);
  EXPECT_EQ(all[0], installation.id);
  EXPECT_EQ(all[1], bobs.id);

  EXPECT_EQ(CodeOf(store_->ListCharacters(ada_owner, "garbage", 2)), ErrorCode::kInvalidArgument);
  EXPECT_EQ(CodeOf(store_->ListCharacters(ada_owner, "", 0)), ErrorCode::kInvalidArgument);
  ASSERT_OK_AND_ASSIGN(auto none, store_->ListCharacters(std::string("user_x"), "", 10));
  EXPECT_TRUE(none.items.empty());
  EXPECT_TRUE(none.next.empty());
}

TEST_P(CharacterConformance, DeleteReleasesBlobsOnlyWhenUnshared) {
  const User owner = AddMember("ada");
  const Character first = AddCharacter(owner.id);
  // A second character made from the same clip shares its blob.
  Character second = MakeCharacter(owner.id, Tick());
  second.clip_key = first.clip_key;
  ASSERT_OK(store_->CreateCharacter(second));

  ASSERT_OK_AND_ASSIGN(std::vector<std::string> freed, store_->DeleteCharacter(first.id));
  EXPECT_EQ(freed, std::vector<std::string>{first.image_key});
  EXPECT_EQ(CodeOf(store_->GetCharacter(first.id)), ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(store_->DeleteCharacter(first.id)), ErrorCode::kNotFound);

  ASSERT_OK_AND_ASSIGN(freed, store_->DeleteCharacter(second.id));
  EXPECT_EQ(freed, (std::vector<std::string>{first.clip_key, second.image_key}));
}

TEST_P(CharacterConformance, AVideoAndACharacterShareABlobReference) {
  const User owner = AddMember("ada");
  Video v = MakeVideo(owner.id, "posted");
  Character c = MakeCharacter(owner.id, Tick());
  c.clip_key = v.content_key;
  ASSERT_OK(store_->CreateVideo(v));
  ASSERT_OK(store_->CreateCharacter(c));
  EXPECT_EQ(store_->DeleteVideo(v.id).value(), std::vector<std::string>{});
  EXPECT_EQ(store_->DeleteCharacter(c.id).value(),
            (std::vector<std::string>{c.clip_key, c.image_key}));
}

INSTANTIATE_TEST_SUITE_P(store_conformance, CharacterConformance,
                         ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

}  // namespace
}  // namespace kinora::store::conformance
