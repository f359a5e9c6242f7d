// The store's conformance on videos and what hangs off them: likes, views,
// comments, blob references and notifications (store_conformance.h).
#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "store/store_conformance.h"

namespace kinora::store::conformance {
namespace {

// ---------------------------------------------------------------- videos

TEST_P(StoreConformanceTest, VideosKeepTheirCastAndTags) {
  User ada = AddMember("ada");
  User bob = AddMember("bob");
  Video v = MakeVideo(ada.id, "draft");
  v.generation_id = NewId("video");
  v.caption = "night fox ✓";
  v.storyboard_json = R"({"shots":[]})";
  v.thumbnail_key = BlobKey();
  v.cast = {{"cameo_bbb", bob.id}, {"cameo_aaa", ada.id}};
  v.tags = {"night", "fox"};
  ASSERT_OK(store_->CreateVideo(v));
  ASSERT_OK_AND_ASSIGN(Video got, store_->GetVideo(v.id));
  EXPECT_EQ(got.id, v.id);
  EXPECT_EQ(got.owner_id, ada.id);
  EXPECT_EQ(got.generation_id, v.generation_id);
  EXPECT_EQ(got.prompt, v.prompt);
  EXPECT_EQ(got.caption, "night fox ✓");
  EXPECT_EQ(got.storyboard_json, v.storyboard_json);
  EXPECT_EQ(got.visibility, "draft");
  EXPECT_EQ(got.remix_of, std::nullopt);
  EXPECT_EQ(got.content_key, v.content_key);
  EXPECT_EQ(got.thumbnail_key, v.thumbnail_key);
  EXPECT_EQ(got.seconds, 4);
  EXPECT_EQ(got.width, 720);
  EXPECT_EQ(got.height, 1280);
  EXPECT_EQ(got.like_count, 0);
  EXPECT_EQ(got.comment_count, 0);
  EXPECT_EQ(got.view_count, 0);
  EXPECT_EQ(got.remix_count, 0);
  EXPECT_EQ(got.created_at, v.created_at);
  EXPECT_EQ(got.posted_at, std::nullopt);
  std::set<std::pair<std::string, std::string>> cast;
  for (const auto& m : got.cast) cast.insert({m.cameo_id, m.owner_id});
  EXPECT_EQ(cast, (std::set<std::pair<std::string, std::string>>{{"cameo_aaa", ada.id},
                                                                 {"cameo_bbb", bob.id}}));
  EXPECT_EQ(AsSet(got.tags), (std::set<std::string>{"fox", "night"}));
  EXPECT_EQ(got.tags.size(), 2u);

  Video plain = AddVideo(ada.id);
  EXPECT_TRUE(ReloadVideo(plain.id).cast.empty());
  EXPECT_TRUE(ReloadVideo(plain.id).tags.empty());
  EXPECT_EQ(CodeOf(store_->GetVideo(NewId("video"))), ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(store_->CreateVideo(v)), ErrorCode::kAlreadyExists);
}

TEST_P(StoreConformanceTest, PostingCountsTowardTheOwnersVideos) {
  User ada = AddMember("ada");
  Video posted = AddVideo(ada.id, "posted");
  EXPECT_EQ(Reload(ada).video_count, 1);
  Video draft = AddVideo(ada.id, "draft");
  AddVideo(ada.id, "unlisted");
  EXPECT_EQ(Reload(ada).video_count, 1);

  const int64_t t1 = Tick();
  ASSERT_OK_AND_ASSIGN(Video now_posted, store_->UpdateVideo(draft.id, "posted", "caption", t1));
  EXPECT_EQ(now_posted.visibility, "posted");
  EXPECT_EQ(now_posted.caption, "caption");
  EXPECT_EQ(now_posted.posted_at, t1);
  EXPECT_EQ(Reload(ada).video_count, 2);
  ASSERT_OK_AND_ASSIGN(Video unlisted, store_->UpdateVideo(draft.id, "unlisted", "c2", Tick()));
  EXPECT_EQ(unlisted.visibility, "unlisted");
  EXPECT_EQ(unlisted.posted_at, t1);
  EXPECT_EQ(Reload(ada).video_count, 1);
  ASSERT_OK_AND_ASSIGN(Video reposted, store_->UpdateVideo(draft.id, "posted", "c3", Tick()));
  EXPECT_EQ(reposted.posted_at, t1);  // set once, on first posting
  EXPECT_EQ(Reload(ada).video_count, 2);
  ASSERT_OK(store_->UpdateVideo(draft.id, "posted", "c4", Tick()));  // no change of state
  EXPECT_EQ(Reload(ada).video_count, 2);
  ASSERT_OK_AND_ASSIGN(Video got, store_->GetVideo(draft.id));
  EXPECT_EQ(got.visibility, "posted");
  EXPECT_EQ(got.caption, "c4");
  EXPECT_EQ(got.posted_at, t1);
  ASSERT_OK(store_->UpdateVideo(draft.id, "draft", "c5", Tick()));
  EXPECT_EQ(Reload(ada).video_count, 1);

  // Posted at creation: the creation's posted_at stays.
  ASSERT_OK(store_->UpdateVideo(posted.id, "unlisted", "", Tick()));
  ASSERT_OK(store_->UpdateVideo(posted.id, "posted", "", Tick()));
  EXPECT_EQ(ReloadVideo(posted.id).posted_at, posted.posted_at);
  EXPECT_EQ(Reload(ada).video_count, 1);
  EXPECT_EQ(CodeOf(store_->UpdateVideo(NewId("video"), "posted", "", Tick())),
            ErrorCode::kNotFound);
}

TEST_P(StoreConformanceTest, RemixesCountOnTheirParent) {
  User ada = AddMember("ada");
  User bob = AddMember("bob");
  Video parent = AddVideo(ada.id);
  std::vector<Video> remixes;
  for (int i = 0; i < 2; ++i) {
    Video r = MakeVideo(bob.id, "posted");
    r.remix_of = parent.id;
    ASSERT_OK(store_->CreateVideo(r));
    remixes.push_back(r);
  }
  EXPECT_EQ(ReloadVideo(parent.id).remix_count, 2);
  EXPECT_EQ(ReloadVideo(remixes[0].id).remix_of, parent.id);
  EXPECT_EQ(ReloadVideo(remixes[0].id).remix_count, 0);
  ASSERT_OK(store_->DeleteVideo(remixes[0].id));
  EXPECT_EQ(ReloadVideo(parent.id).remix_count, 1);
  // A remix outlives its parent.
  ASSERT_OK(store_->DeleteVideo(parent.id));
  ASSERT_OK_AND_ASSIGN(Video orphan, store_->GetVideo(remixes[1].id));
  EXPECT_EQ(orphan.owner_id, bob.id);
  EXPECT_OK(store_->DeleteVideo(remixes[1].id));
  EXPECT_EQ(Reload(bob).video_count, 0);
}

TEST_P(StoreConformanceTest, LikesAreCountedOnceAndListedByRecency) {
  User ada = AddMember("ada");
  User bob = AddMember("bob");
  User cat = AddMember("cat");
  std::vector<Video> v;
  for (int i = 0; i < 5; ++i) v.push_back(AddVideo(ada.id));

  EXPECT_EQ(store_->Like(bob.id, v[0].id, Tick()).value(), true);
  EXPECT_EQ(store_->Like(bob.id, v[0].id, Tick()).value(), false);
  EXPECT_EQ(store_->Like(cat.id, v[0].id, Tick()).value(), true);
  EXPECT_EQ(ReloadVideo(v[0].id).like_count, 2);
  EXPECT_TRUE(store_->IsLiked(bob.id, v[0].id).value());
  EXPECT_FALSE(store_->IsLiked(ada.id, v[0].id).value());
  EXPECT_FALSE(store_->IsLiked(bob.id, v[1].id).value());
  EXPECT_EQ(store_->LikedAmong(bob.id, {v[1].id, v[0].id, "video_unknown"}).value(),
            std::vector<std::string>{v[0].id});
  EXPECT_TRUE(store_->LikedAmong(ada.id, {v[0].id, v[1].id}).value().empty());
  EXPECT_TRUE(store_->LikedAmong(bob.id, {}).value().empty());
  EXPECT_EQ(store_->Unlike(bob.id, v[0].id).value(), true);
  EXPECT_EQ(store_->Unlike(bob.id, v[0].id).value(), false);
  EXPECT_FALSE(store_->IsLiked(bob.id, v[0].id).value());
  EXPECT_EQ(ReloadVideo(v[0].id).like_count, 1);
  EXPECT_EQ(store_->Unlike(ada.id, v[1].id).value(), false);
  EXPECT_EQ(ReloadVideo(v[1].id).like_count, 0);

  // Bob likes them in the order 3, 1, 4, 0, 2: listed most recent first.
  for (int i : {3, 1, 4, 0, 2}) ASSERT_TRUE(store_->Like(bob.id, v[i].id, Tick()).value());
  auto liked = Pages<Video>(
      [&](const std::string& after) { return store_->ListLikedVideos(bob.id, after, 2); });
  EXPECT_EQ(Sizes(liked), (std::vector<size_t>{2, 2, 1}));
  EXPECT_EQ(Ids(liked), (std::vector<std::string>{v[2].id, v[0].id, v[4].id, v[1].id, v[3].id}));
  EXPECT_EQ(liked[0][1].like_count, 2);  // v0: cat and bob
  EXPECT_EQ(liked[0][0].owner_id, ada.id);
  EXPECT_EQ(Ids(store_->ListLikedVideos(cat.id, "", 10)->items), std::vector<std::string>{v[0].id});
  EXPECT_TRUE(store_->ListLikedVideos(ada.id, "", 10)->items.empty());
}

TEST_P(StoreConformanceTest, ViewsAddUp) {
  User ada = AddMember("ada");
  Video v = AddVideo(ada.id);
  for (int i = 0; i < 3; ++i) ASSERT_OK(store_->AddView(v.id));
  EXPECT_EQ(ReloadVideo(v.id).view_count, 3);
  EXPECT_EQ(CodeOf(store_->AddView(NewId("video"))), ErrorCode::kNotFound);
}

TEST_P(StoreConformanceTest, CommentsPageOldestFirstAndHideBlockedAuthors) {
  User ada = AddMember("ada");
  User bob = AddMember("bob");
  User cat = AddMember("cat");
  User dan = AddMember("dan");
  ASSERT_OK(store_->UpdateProfile(bob.id, "Bob B", "", BlobKey()));
  Video v = AddVideo(ada.id);
  Video other = AddVideo(ada.id);
  const std::vector<User> authors = {bob, cat, dan, bob, cat, dan};
  std::vector<Comment> comments;
  for (size_t i = 0; i < authors.size(); ++i) {
    Comment c{NewId("cmt"), v.id, authors[i].id, "comment " + std::to_string(i), Tick(), "",
              "",           ""};
    ASSERT_OK(store_->AddComment(c));
    comments.push_back(c);
  }
  EXPECT_EQ(ReloadVideo(v.id).comment_count, 6);
  EXPECT_EQ(ReloadVideo(other.id).comment_count, 0);

  ASSERT_OK_AND_ASSIGN(Comment got, store_->GetComment(comments[0].id));
  EXPECT_EQ(got.video_id, v.id);
  EXPECT_EQ(got.author_id, bob.id);
  EXPECT_EQ(got.body, "comment 0");
  EXPECT_EQ(got.created_at, comments[0].created_at);
  EXPECT_EQ(got.author_handle, "bob");
  EXPECT_EQ(got.author_display_name, "Bob B");
  EXPECT_EQ(got.author_avatar_key, Reload(bob).avatar_key);
  EXPECT_FALSE(got.author_avatar_key.empty());

  auto list = [&](const std::string& viewer) {
    return Pages<Comment>(
        [&](const std::string& after) { return store_->ListComments(v.id, viewer, after, 2); });
  };
  auto all = list("");
  EXPECT_EQ(Sizes(all), (std::vector<size_t>{2, 2, 2}));
  EXPECT_EQ(Ids(all), Ids(comments));
  EXPECT_EQ(all[1][1].author_handle, "bob");
  EXPECT_EQ(Ids(list(bob.id)), Ids(comments));

  // Dan blocks cat: neither sees the other's comments.
  ASSERT_TRUE(store_->Block(dan.id, cat.id, Tick()).value());
  auto seen_by_dan = list(dan.id);
  EXPECT_EQ(Sizes(seen_by_dan), (std::vector<size_t>{2, 2}));
  EXPECT_EQ(Ids(seen_by_dan), (std::vector<std::string>{comments[0].id, comments[2].id,
                                                        comments[3].id, comments[5].id}));
  EXPECT_EQ(Ids(list(cat.id)), (std::vector<std::string>{comments[0].id, comments[1].id,
                                                         comments[3].id, comments[4].id}));
  EXPECT_EQ(Ids(list(bob.id)), Ids(comments));
  EXPECT_TRUE(store_->ListComments(other.id, "", "", 10)->items.empty());

  ASSERT_OK(store_->DeleteComment(comments[0].id));
  EXPECT_EQ(ReloadVideo(v.id).comment_count, 5);
  EXPECT_EQ(CodeOf(store_->GetComment(comments[0].id)), ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(store_->DeleteComment(comments[0].id)), ErrorCode::kNotFound);
  EXPECT_EQ(ReloadVideo(v.id).comment_count, 5);
  EXPECT_EQ(Ids(list("")).size(), 5u);
}

TEST_P(StoreConformanceTest, OwnersVideosFilterByVisibilityNewestFirst) {
  User ada = AddMember("ada");
  User bob = AddMember("bob");
  const std::vector<std::string> vis = {"posted", "draft", "posted", "unlisted",
                                        "posted", "draft", "posted"};
  std::vector<Video> v;
  for (const auto& s : vis) v.push_back(AddVideo(ada.id, s));
  AddVideo(bob.id, "posted");
  auto list = [&](std::vector<std::string> visibilities, int limit) {
    return Pages<Video>([&, visibilities](const std::string& after) {
      return store_->ListVideosByOwner(ada.id, visibilities, after, limit);
    });
  };
  auto posted = list({"posted"}, 2);
  EXPECT_EQ(Sizes(posted), (std::vector<size_t>{2, 2}));
  EXPECT_EQ(Ids(posted), (std::vector<std::string>{v[6].id, v[4].id, v[2].id, v[0].id}));
  auto visible = list({"posted", "unlisted"}, 2);
  EXPECT_EQ(Sizes(visible), (std::vector<size_t>{2, 2, 1}));
  EXPECT_EQ(Ids(visible), (std::vector<std::string>{v[6].id, v[4].id, v[3].id, v[2].id, v[0].id}));
  EXPECT_EQ(Ids(list({"draft"}, 5)), (std::vector<std::string>{v[5].id, v[1].id}));
  auto everything = list({"draft", "posted", "unlisted"}, 3);
  EXPECT_EQ(Sizes(everything), (std::vector<size_t>{3, 3, 1}));
  EXPECT_EQ(Ids(everything), (std::vector<std::string>{v[6].id, v[5].id, v[4].id, v[3].id, v[2].id,
                                                       v[1].id, v[0].id}));
  EXPECT_TRUE(Ids(list({}, 5)).empty());
  EXPECT_EQ(Reload(ada).video_count, 4);
}

TEST_P(StoreConformanceTest, VideosCastingAMemberListEachVideoOnce) {
  User ada = AddMember("ada");
  User bob = AddMember("bob");
  auto with_cast = [&](std::vector<CastMember> cast) {
    Video x = MakeVideo(ada.id, "posted");
    x.cast = std::move(cast);
    EXPECT_OK(store_->CreateVideo(x));
    return x;
  };
  Video v0 = with_cast({{"cameo_b1", bob.id}});
  Video v1 = with_cast({{"cameo_b1", bob.id}, {"cameo_b2", bob.id}, {"cameo_a1", ada.id}});
  with_cast({});
  Video v3 = with_cast({{"cameo_b2", bob.id}});
  Video v4 = with_cast({{"cameo_a1", ada.id}});
  auto bobs = Pages<Video>(
      [&](const std::string& after) { return store_->ListVideosCasting(bob.id, after, 2); });
  EXPECT_EQ(Sizes(bobs), (std::vector<size_t>{2, 1}));
  EXPECT_EQ(Ids(bobs), (std::vector<std::string>{v3.id, v1.id, v0.id}));
  auto adas = Pages<Video>(
      [&](const std::string& after) { return store_->ListVideosCasting(ada.id, after, 1); });
  EXPECT_EQ(Ids(adas), (std::vector<std::string>{v4.id, v1.id}));
}

TEST_P(StoreConformanceTest, AVideoIsFoundByItsGeneration) {
  User ada = AddMember("ada");
  Video v = MakeVideo(ada.id, "draft");
  v.generation_id = NewId("video");
  v.tags = {"sea"};
  ASSERT_OK(store_->CreateVideo(v));
  AddVideo(ada.id);
  ASSERT_OK_AND_ASSIGN(Video got, store_->GetVideoByGeneration(v.generation_id));
  EXPECT_EQ(got.id, v.id);
  EXPECT_EQ(got.tags, std::vector<std::string>{"sea"});
  EXPECT_EQ(CodeOf(store_->GetVideoByGeneration(NewId("video"))), ErrorCode::kNotFound);
}

TEST_P(StoreConformanceTest, DeletingAVideoTakesEverythingHangingOffIt) {
  User ada = AddMember("ada");
  User bob = AddMember("bob");
  User cat = AddMember("cat");
  Video v = MakeVideo(ada.id, "posted");
  v.thumbnail_key = BlobKey();
  v.tags = {"gone"};
  v.cast = {{"cameo_b", bob.id}};
  ASSERT_OK(store_->CreateVideo(v));
  Video kept = AddVideo(ada.id);
  for (const auto& u : {bob, cat}) {
    ASSERT_TRUE(store_->Like(u.id, v.id, Tick()).value());
    ASSERT_TRUE(store_->Like(u.id, kept.id, Tick()).value());
  }
  Comment c{NewId("cmt"), v.id, bob.id, "nice", Tick(), "", "", ""};
  ASSERT_OK(store_->AddComment(c));
  Comment on_kept{NewId("cmt"), kept.id, bob.id, "also nice", Tick(), "", "", ""};
  ASSERT_OK(store_->AddComment(on_kept));
  EXPECT_EQ(Reload(ada).video_count, 2);

  ASSERT_OK_AND_ASSIGN(std::vector<std::string> freed, store_->DeleteVideo(v.id));
  EXPECT_EQ(AsSet(freed), (std::set<std::string>{v.content_key, v.thumbnail_key}));
  EXPECT_EQ(freed.size(), 2u);
  EXPECT_EQ(CodeOf(store_->GetVideo(v.id)), ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(store_->DeleteVideo(v.id)), ErrorCode::kNotFound);
  EXPECT_EQ(Reload(ada).video_count, 1);
  EXPECT_FALSE(store_->IsLiked(bob.id, v.id).value());
  EXPECT_EQ(Ids(store_->ListLikedVideos(bob.id, "", 10)->items), std::vector<std::string>{kept.id});
  EXPECT_EQ(CodeOf(store_->GetComment(c.id)), ErrorCode::kNotFound);
  EXPECT_TRUE(store_->ListComments(v.id, "", "", 10)->items.empty());
  EXPECT_TRUE(store_->ListVideosCasting(bob.id, "", 10)->items.empty());
  // The other video is untouched.
  Video still = ReloadVideo(kept.id);
  EXPECT_EQ(still.like_count, 2);
  EXPECT_EQ(still.comment_count, 1);
  EXPECT_OK(store_->GetComment(on_kept.id));
  EXPECT_TRUE(store_->IsLiked(cat.id, kept.id).value());
}

TEST_P(StoreConformanceTest, DeletingVideosFreesOnlyBlobsThatLostTheirLastReference) {
  User ada = AddMember("ada");
  const std::string shared = BlobKey();
  Video first = MakeVideo(ada.id, "posted");
  first.content_key = shared;
  Video second = MakeVideo(ada.id, "draft");
  second.content_key = shared;
  ASSERT_OK(store_->CreateVideo(first));
  ASSERT_OK(store_->CreateVideo(second));
  EXPECT_EQ(store_->DeleteVideo(first.id).value(), std::vector<std::string>{});
  EXPECT_EQ(store_->DeleteVideo(second.id).value(), std::vector<std::string>{shared});

  // A reference taken outside any video (an upload) keeps the file too.
  Video third = AddVideo(ada.id);
  ASSERT_OK(store_->AcquireBlob(third.content_key));
  EXPECT_EQ(store_->DeleteVideo(third.id).value(), std::vector<std::string>{});
  EXPECT_EQ(store_->ReleaseBlob(third.content_key).value(), true);
}

TEST_P(StoreConformanceTest, DeletingAGenerationsVideoClearsTheGenerationsMedia) {
  User ada = AddMember("ada");
  Generation g = MakeGeneration(1);
  g.owner_id = ada.id;
  ASSERT_OK(store_->CreateGeneration(g, {}));
  ASSERT_OK_AND_ASSIGN(auto claimed_g, store_->ClaimNextGeneration("w/0", 2, 60'000, 0));
  ASSERT_TRUE(claimed_g.has_value());
  const std::string key = BlobKey();
  ASSERT_OK(
      store_->CompleteGeneration(g.id, claimed_g->lease_token, {.content_key = key}, "{}", 3));
  Video v = MakeVideo(ada.id, "posted");
  v.generation_id = g.id;
  v.content_key = key;
  ASSERT_OK(store_->CreateVideo(v));
  Video copy = MakeVideo(ada.id, "draft");  // a second video of the same render
  copy.generation_id = g.id;
  copy.content_key = key;
  ASSERT_OK(store_->CreateVideo(copy));

  // The copy still shows the file, so nothing is freed, but the generation lets go.
  EXPECT_EQ(store_->DeleteVideo(v.id).value(), std::vector<std::string>{});
  ASSERT_OK_AND_ASSIGN(Generation after, store_->GetGeneration(g.id));
  EXPECT_EQ(after.content_key, "");
  EXPECT_EQ(after.status, GenerationStatus::kCompleted);
  EXPECT_EQ(store_->DeleteVideo(copy.id).value(), std::vector<std::string>{key});

  // One video per generation, the common case: deleting it frees the file.
  Generation g2 = MakeGeneration(4);
  ASSERT_OK(store_->CreateGeneration(g2, {}));
  ASSERT_OK_AND_ASSIGN(auto claimed_g2, store_->ClaimNextGeneration("w/0", 5, 60'000, 0));
  ASSERT_TRUE(claimed_g2.has_value());
  const std::string key2 = BlobKey(), thumb = BlobKey(), sprite = BlobKey();
  ASSERT_OK(store_->CompleteGeneration(
      g2.id, claimed_g2->lease_token,
      {.content_key = key2, .thumbnail_key = thumb, .spritesheet_key = sprite}, "{}", 6));
  Video only = MakeVideo(ada.id, "posted");
  only.generation_id = g2.id;
  only.content_key = key2;
  ASSERT_OK(store_->CreateVideo(only));
  // The generation's previews go with the video.
  EXPECT_EQ(AsSet(store_->DeleteVideo(only.id).value()),
            (std::set<std::string>{key2, thumb, sprite}));
  ASSERT_OK_AND_ASSIGN(Generation after2, store_->GetGeneration(g2.id));
  EXPECT_EQ(after2.content_key, "");
  EXPECT_EQ(after2.thumbnail_key, "");
  EXPECT_EQ(after2.spritesheet_key, "");
}

TEST_P(StoreConformanceTest, BlobReferencesCountUpAndDown) {
  const std::string key = BlobKey();
  ASSERT_OK(store_->AcquireBlob(key));
  ASSERT_OK(store_->AcquireBlob(key));
  EXPECT_EQ(store_->ReleaseBlob(key).value(), false);
  EXPECT_EQ(store_->ReleaseBlob(key).value(), true);
  // Counting starts over once a blob was freed.
  ASSERT_OK(store_->AcquireBlob(key));
  EXPECT_EQ(store_->ReleaseBlob(key).value(), true);
  // Keys are independent.
  const std::string other = BlobKey();
  ASSERT_OK(store_->AcquireBlob(key));
  ASSERT_OK(store_->AcquireBlob(other));
  EXPECT_EQ(store_->ReleaseBlob(other).value(), true);
  EXPECT_EQ(store_->ReleaseBlob(key).value(), true);
}

// ---------------------------------------------------------------- notifications

TEST_P(StoreConformanceTest, NotificationsListNewestFirstWithTheirActor) {
  User ada = AddMember("ada");
  User bob = AddMember("bob");
  Video v = AddVideo(ada.id);
  std::vector<Notification> added;
  int64_t last_id = 0;
  const std::vector<std::string> kinds = {"follow", "like", "comment", "remix", "generation"};
  for (const auto& kind : kinds) {
    Notification n;
    n.user_id = ada.id;
    n.kind = kind;
    if (kind != "generation") n.actor_id = bob.id;
    if (kind != "follow") n.video_id = v.id;
    if (kind == "comment") n.comment_id = NewId("cmt");
    n.text = kind == "comment" ? "what a fox" : "";
    n.created_at = Tick();
    ASSERT_OK_AND_ASSIGN(Notification stored, store_->AddNotification(n));
    EXPECT_GT(stored.id, last_id);
    EXPECT_EQ(stored.kind, kind);
    last_id = stored.id;
    added.push_back(stored);
    // Bob's own notifications interleave and never show up in ada's.
    Notification for_bob{0, bob.id, "follow", ada.id, {}, {}, "", Tick(), {}, "", ""};
    ASSERT_OK_AND_ASSIGN(Notification b, store_->AddNotification(for_bob));
    EXPECT_GT(b.id, last_id);
    last_id = b.id;
  }

  auto pages = Pages<Notification>(
      [&](const std::string& after) { return store_->ListNotifications(ada.id, false, after, 2); });
  EXPECT_EQ(Sizes(pages), (std::vector<size_t>{2, 2, 1}));
  std::vector<int64_t> expected = Ids(added);
  std::reverse(expected.begin(), expected.end());
  EXPECT_EQ(Ids(pages), expected);
  for (const auto& page : pages) {
    for (const Notification& n : page) {
      auto it = std::find_if(added.begin(), added.end(), [&](auto& a) { return a.id == n.id; });
      ASSERT_NE(it, added.end());
      EXPECT_EQ(n.user_id, ada.id);
      EXPECT_EQ(n.kind, it->kind);
      EXPECT_EQ(n.actor_id, it->actor_id);
      EXPECT_EQ(n.video_id, it->video_id);
      EXPECT_EQ(n.comment_id, it->comment_id);
      EXPECT_EQ(n.text, it->text);
      EXPECT_EQ(n.created_at, it->created_at);
      EXPECT_EQ(n.read_at, std::nullopt);
      EXPECT_EQ(n.actor_handle, n.actor_id ? "bob" : "") << n.kind;
      EXPECT_EQ(n.actor_display_name, n.actor_id ? bob.display_name : "") << n.kind;
    }
  }
  EXPECT_EQ(store_->CountUnread(ada.id).value(), 5);
  EXPECT_EQ(store_->CountUnread(bob.id).value(), 5);
  auto bobs = store_->ListNotifications(bob.id, false, "", 10).value();
  EXPECT_EQ(bobs.items.size(), 5u);
  EXPECT_EQ(bobs.items[0].actor_handle, "ada");
}

TEST_P(StoreConformanceTest, NotificationsStreamAndAreMarkedRead) {
  User ada = AddMember("ada");
  User bob = AddMember("bob");
  std::vector<int64_t> ids;
  for (int i = 0; i < 5; ++i) {
    Notification n{0, ada.id, "follow", bob.id, {}, {}, "", Tick(), {}, "", ""};
    ids.push_back(store_->AddNotification(n).value().id);
  }
  ASSERT_OK(store_->AddNotification({0, bob.id, "follow", ada.id, {}, {}, "", Tick(), {}, "", ""}));

  EXPECT_EQ(Ids(store_->NotificationsSince(ada.id, 0, 10).value()), ids);
  EXPECT_EQ(Ids(store_->NotificationsSince(ada.id, ids[2], 10).value()),
            (std::vector<int64_t>{ids[3], ids[4]}));
  EXPECT_EQ(Ids(store_->NotificationsSince(ada.id, ids[2], 1).value()),
            std::vector<int64_t>{ids[3]});
  EXPECT_TRUE(store_->NotificationsSince(ada.id, ids[4], 10)->empty());
  EXPECT_EQ(store_->NotificationsSince(ada.id, 0, 10)->at(0).actor_handle, "bob");

  const int64_t read_at = Tick();
  EXPECT_EQ(store_->MarkNotificationsRead(ada.id, ids[1], read_at).value(), 2);
  EXPECT_EQ(store_->MarkNotificationsRead(ada.id, ids[1], Tick()).value(), 0);
  EXPECT_EQ(store_->CountUnread(ada.id).value(), 3);
  auto unread = Pages<Notification>(
      [&](const std::string& after) { return store_->ListNotifications(ada.id, true, after, 2); });
  EXPECT_EQ(Sizes(unread), (std::vector<size_t>{2, 1}));
  EXPECT_EQ(Ids(unread), (std::vector<int64_t>{ids[4], ids[3], ids[2]}));
  auto all = store_->ListNotifications(ada.id, false, "", 10).value();
  ASSERT_EQ(all.items.size(), 5u);
  EXPECT_EQ(all.items[4].read_at, read_at);  // ids[0]
  EXPECT_EQ(all.items[3].read_at, read_at);  // ids[1]
  EXPECT_EQ(all.items[2].read_at, std::nullopt);

  EXPECT_EQ(store_->MarkNotificationsRead(ada.id, 0, Tick()).value(), 3);
  EXPECT_EQ(store_->CountUnread(ada.id).value(), 0);
  auto none = store_->ListNotifications(ada.id, true, "", 10).value();
  EXPECT_TRUE(none.items.empty());
  EXPECT_EQ(none.next, "");
  EXPECT_EQ(store_->CountUnread(bob.id).value(), 1);  // bob's are his own
  EXPECT_EQ(store_->ListNotifications(ada.id, false, "", 10)->items[4].read_at, read_at);
}

}  // namespace
}  // namespace kinora::store::conformance
