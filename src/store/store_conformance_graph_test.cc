// The store's conformance on the social graph: follows, blocks and mutes,
// and concurrent likes and follows that must lose no update
// (store_conformance.h).
#include <atomic>
#include <functional>
#include <latch>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "store/store_conformance.h"

namespace kinora::store::conformance {
namespace {

// ---------------------------------------------------------------- graph

TEST_P(StoreConformanceTest, FollowAndUnfollowKeepBothCountsRight) {
  User ada = AddMember("ada");
  User bob = AddMember("bob");
  EXPECT_EQ(store_->Follow(ada.id, bob.id, Tick()).value(), FollowResult::kCreated);
  EXPECT_EQ(Reload(ada).following_count, 1);
  EXPECT_EQ(Reload(ada).follower_count, 0);
  EXPECT_EQ(Reload(bob).follower_count, 1);
  EXPECT_EQ(Reload(bob).following_count, 0);

  EXPECT_EQ(store_->Follow(ada.id, bob.id, Tick()).value(), FollowResult::kAlreadyFollowing);
  EXPECT_EQ(Reload(ada).following_count, 1);
  EXPECT_EQ(Reload(bob).follower_count, 1);
  EXPECT_EQ(Ids(store_->ListFollowers(bob.id, "", 10)->items), std::vector<std::string>{ada.id});

  EXPECT_EQ(store_->Unfollow(ada.id, bob.id).value(), true);
  EXPECT_EQ(store_->Unfollow(ada.id, bob.id).value(), false);
  EXPECT_EQ(Reload(ada).following_count, 0);
  EXPECT_EQ(Reload(bob).follower_count, 0);
  EXPECT_TRUE(store_->ListFollowers(bob.id, "", 10)->items.empty());
  EXPECT_EQ(store_->Unfollow(bob.id, ada.id).value(), false);
  EXPECT_EQ(Reload(bob).following_count, 0);
}

TEST_P(StoreConformanceTest, FollowListsPageNewestFirst) {
  User star = AddMember("star");
  std::vector<User> fans;
  std::vector<int64_t> since;
  for (int i = 0; i < 7; ++i) {
    fans.push_back(AddMember("fan" + std::to_string(i)));
    since.push_back(Tick());
    ASSERT_EQ(store_->Follow(fans[i].id, star.id, since[i]).value(), FollowResult::kCreated);
  }
  // The star follows back the even fans, most recently fan 6.
  std::vector<int64_t> back;
  for (int i = 0; i < 7; i += 2) {
    back.push_back(Tick());
    ASSERT_EQ(store_->Follow(star.id, fans[i].id, back.back()).value(), FollowResult::kCreated);
  }
  EXPECT_EQ(Reload(star).follower_count, 7);
  EXPECT_EQ(Reload(star).following_count, 4);

  auto followers = Pages<FollowEdge>(
      [&](const std::string& after) { return store_->ListFollowers(star.id, after, 3); });
  EXPECT_EQ(Sizes(followers), (std::vector<size_t>{3, 3, 1}));
  std::vector<std::string> expected;
  for (int i = 6; i >= 0; --i) expected.push_back(fans[i].id);
  EXPECT_EQ(Ids(followers), expected);
  std::vector<int64_t> got_since;
  std::vector<std::string> handles;
  for (const auto& page : followers) {
    for (const auto& e : page) {
      got_since.push_back(e.since);
      handles.push_back(e.user.handle);
    }
  }
  EXPECT_EQ(handles,
            (std::vector<std::string>{"fan6", "fan5", "fan4", "fan3", "fan2", "fan1", "fan0"}));
  EXPECT_EQ(got_since, std::vector<int64_t>(since.rbegin(), since.rend()));

  auto following = Pages<FollowEdge>(
      [&](const std::string& after) { return store_->ListFollowing(star.id, after, 3); });
  EXPECT_EQ(Sizes(following), (std::vector<size_t>{3, 1}));
  EXPECT_EQ(Ids(following),
            (std::vector<std::string>{fans[6].id, fans[4].id, fans[2].id, fans[0].id}));
  EXPECT_EQ(following[0][0].since, back.back());

  auto mutuals = Pages<FollowEdge>(
      [&](const std::string& after) { return store_->ListMutuals(star.id, after, 3); });
  EXPECT_EQ(Sizes(mutuals), (std::vector<size_t>{3, 1}));
  EXPECT_EQ(Ids(mutuals).size(), 4u);
  EXPECT_EQ(AsSet(Ids(mutuals)),
            (std::set<std::string>{fans[0].id, fans[2].id, fans[4].id, fans[6].id}));
  auto fan_mutuals = store_->ListMutuals(fans[2].id, "", 10).value();
  EXPECT_EQ(Ids(fan_mutuals.items), std::vector<std::string>{star.id});
  EXPECT_TRUE(store_->ListMutuals(fans[1].id, "", 10)->items.empty());
  auto fan_following = store_->ListFollowing(fans[1].id, "", 10).value();
  ASSERT_EQ(fan_following.items.size(), 1u);
  EXPECT_EQ(fan_following.items[0].user.id, star.id);
  EXPECT_EQ(fan_following.items[0].user.follower_count, 7);
  EXPECT_EQ(fan_following.items[0].since, since[1]);
  EXPECT_EQ(fan_following.next, "");
}

TEST_P(StoreConformanceTest, PagesNeitherSkipNorRepeatEdgesMadeAtTheSameTime) {
  User star = AddMember("star");
  const int64_t t = Tick();
  std::set<std::string> fans;
  for (int i = 0; i < 7; ++i) {
    User fan = AddMember("fan" + std::to_string(i));
    fans.insert(fan.id);
    ASSERT_EQ(store_->Follow(fan.id, star.id, t).value(), FollowResult::kCreated);
    ASSERT_EQ(store_->Block(star.id, fan.id, t).value(), true);
    ASSERT_EQ(store_->Mute(star.id, fan.id, t).value(), true);
  }
  auto lists = {
      std::function<core::Result<Page<FollowEdge>>(const std::string&)>(
          [&](const std::string& after) { return store_->ListBlocked(star.id, after, 3); }),
      std::function<core::Result<Page<FollowEdge>>(const std::string&)>(
          [&](const std::string& after) { return store_->ListMuted(star.id, after, 3); }),
  };
  for (const auto& list : lists) {
    auto pages = Pages<FollowEdge>(list);
    EXPECT_EQ(Sizes(pages), (std::vector<size_t>{3, 3, 1}));
    EXPECT_EQ(Ids(pages).size(), 7u);
    EXPECT_EQ(AsSet(Ids(pages)), fans);
  }
  // Blocking removed the follows; follow again at one time, from the star.
  for (const auto& id : fans) ASSERT_OK(store_->Unblock(star.id, id));
  for (const auto& id : fans) {
    ASSERT_EQ(store_->Follow(star.id, id, t).value(), FollowResult::kCreated);
  }
  auto following = Pages<FollowEdge>(
      [&](const std::string& after) { return store_->ListFollowing(star.id, after, 2); });
  EXPECT_EQ(Sizes(following), (std::vector<size_t>{2, 2, 2, 1}));
  EXPECT_EQ(Ids(following).size(), 7u);
  EXPECT_EQ(AsSet(Ids(following)), fans);
}

TEST_P(StoreConformanceTest, BlockingRemovesFollowsBothWaysAndStopsNewOnes) {
  User ada = AddMember("ada");
  User bob = AddMember("bob");
  User cat = AddMember("cat");
  ASSERT_EQ(store_->Follow(ada.id, bob.id, Tick()).value(), FollowResult::kCreated);
  ASSERT_EQ(store_->Follow(bob.id, ada.id, Tick()).value(), FollowResult::kCreated);
  ASSERT_EQ(store_->Follow(cat.id, ada.id, Tick()).value(), FollowResult::kCreated);
  ASSERT_OK_AND_ASSIGN(Relationship before, store_->GetRelationship(ada.id, bob.id));
  EXPECT_TRUE(before.following);
  EXPECT_TRUE(before.followed_by);
  EXPECT_FALSE(before.blocking);
  EXPECT_FALSE(before.blocked_by);
  EXPECT_FALSE(before.muting);

  EXPECT_EQ(store_->Block(ada.id, bob.id, Tick()).value(), true);
  ASSERT_OK_AND_ASSIGN(Relationship seen_by_ada, store_->GetRelationship(ada.id, bob.id));
  EXPECT_FALSE(seen_by_ada.following);
  EXPECT_FALSE(seen_by_ada.followed_by);
  EXPECT_TRUE(seen_by_ada.blocking);
  EXPECT_FALSE(seen_by_ada.blocked_by);
  ASSERT_OK_AND_ASSIGN(Relationship seen_by_bob, store_->GetRelationship(bob.id, ada.id));
  EXPECT_FALSE(seen_by_bob.blocking);
  EXPECT_TRUE(seen_by_bob.blocked_by);
  auto counts = [&](const User& u) {
    User r = Reload(u);
    return std::make_pair(r.follower_count, r.following_count);
  };
  EXPECT_EQ(counts(ada), std::make_pair(int64_t{1}, int64_t{0}));  // cat still follows
  EXPECT_EQ(counts(bob), std::make_pair(int64_t{0}, int64_t{0}));

  EXPECT_EQ(store_->Block(ada.id, bob.id, Tick()).value(), false);
  EXPECT_EQ(store_->Follow(bob.id, ada.id, Tick()).value(), FollowResult::kBlocked);
  EXPECT_EQ(store_->Follow(ada.id, bob.id, Tick()).value(), FollowResult::kBlocked);
  EXPECT_EQ(counts(ada), std::make_pair(int64_t{1}, int64_t{0}));
  EXPECT_EQ(counts(bob), std::make_pair(int64_t{0}, int64_t{0}));
  EXPECT_EQ(Ids(store_->ListFollowers(ada.id, "", 10)->items), std::vector<std::string>{cat.id});
  EXPECT_TRUE(store_->ListFollowing(ada.id, "", 10)->items.empty());

  EXPECT_EQ(store_->BlockSet(ada.id).value(), std::vector<std::string>{bob.id});
  EXPECT_EQ(store_->BlockSet(bob.id).value(), std::vector<std::string>{ada.id});
  EXPECT_TRUE(store_->BlockSet(cat.id)->empty());
  ASSERT_EQ(store_->Block(cat.id, bob.id, Tick()).value(), true);
  EXPECT_EQ(AsSet(store_->BlockSet(bob.id).value()), (std::set<std::string>{ada.id, cat.id}));
  EXPECT_EQ(Ids(store_->ListBlocked(ada.id, "", 10)->items), std::vector<std::string>{bob.id});
  EXPECT_TRUE(store_->ListBlocked(bob.id, "", 10)->items.empty());

  EXPECT_EQ(store_->Unblock(bob.id, ada.id).value(), false);  // bob never blocked ada
  EXPECT_EQ(store_->Unblock(ada.id, bob.id).value(), true);
  EXPECT_EQ(store_->Unblock(ada.id, bob.id).value(), false);
  EXPECT_FALSE(store_->GetRelationship(bob.id, ada.id)->blocked_by);
  EXPECT_EQ(store_->Follow(bob.id, ada.id, Tick()).value(), FollowResult::kCreated);
  EXPECT_EQ(counts(ada), std::make_pair(int64_t{2}, int64_t{0}));

  // Blocking a follower (the other direction) fixes the counts too.
  EXPECT_EQ(store_->Block(cat.id, ada.id, Tick()).value(), true);
  EXPECT_EQ(counts(ada), std::make_pair(int64_t{1}, int64_t{0}));
  EXPECT_EQ(counts(cat), std::make_pair(int64_t{0}, int64_t{0}));
}

TEST_P(StoreConformanceTest, MutingIsOneWayAndListedNewestFirst) {
  User ada = AddMember("ada");
  std::vector<User> others;
  for (int i = 0; i < 4; ++i) others.push_back(AddMember("m" + std::to_string(i)));
  ASSERT_EQ(store_->Follow(ada.id, others[0].id, Tick()).value(), FollowResult::kCreated);
  for (const auto& o : others) EXPECT_EQ(store_->Mute(ada.id, o.id, Tick()).value(), true);
  EXPECT_EQ(store_->Mute(ada.id, others[0].id, Tick()).value(), false);
  EXPECT_TRUE(store_->GetRelationship(ada.id, others[0].id)->muting);
  EXPECT_FALSE(store_->GetRelationship(others[0].id, ada.id)->muting);
  // Muting is not blocking: the follow stays.
  EXPECT_TRUE(store_->GetRelationship(ada.id, others[0].id)->following);
  EXPECT_EQ(Reload(ada).following_count, 1);
  EXPECT_TRUE(store_->BlockSet(ada.id)->empty());

  auto muted = Pages<FollowEdge>(
      [&](const std::string& after) { return store_->ListMuted(ada.id, after, 3); });
  EXPECT_EQ(Sizes(muted), (std::vector<size_t>{3, 1}));
  EXPECT_EQ(Ids(muted),
            (std::vector<std::string>{others[3].id, others[2].id, others[1].id, others[0].id}));
  EXPECT_TRUE(store_->ListMuted(others[0].id, "", 10)->items.empty());

  EXPECT_EQ(store_->Unmute(ada.id, others[2].id).value(), true);
  EXPECT_EQ(store_->Unmute(ada.id, others[2].id).value(), false);
  EXPECT_FALSE(store_->GetRelationship(ada.id, others[2].id)->muting);
  EXPECT_EQ(Ids(store_->ListMuted(ada.id, "", 10)->items),
            (std::vector<std::string>{others[3].id, others[1].id, others[0].id}));
}

// ---------------------------------------------------------------- concurrency

TEST_P(StoreConformanceTest, ConcurrentLikesAndFollowsLoseNoUpdates) {
  constexpr int kThreads = 4;
  constexpr int kTargets = 100;  // each thread: 100 likes + 100 follows, then some undone
  User owner = AddMember("owner");
  std::vector<User> actors, followees;
  std::vector<Video> videos;
  for (int t = 0; t < kThreads; ++t) actors.push_back(AddMember("actor" + std::to_string(t)));
  for (int j = 0; j < kTargets; ++j) {
    followees.push_back(AddMember("f" + std::to_string(j)));
    videos.push_back(AddVideo(owner.id));
  }
  const int64_t t0 = Tick();
  std::atomic<int> failures{0};
  std::mutex mu;
  std::string first_error;  // guarded by mu
  auto check = [&](bool ok, const std::string& what) {
    if (ok) return;
    ++failures;
    std::lock_guard lock(mu);
    if (first_error.empty()) first_error = what;
  };
  std::latch go(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const std::string& me = actors[t].id;
      go.arrive_and_wait();
      // Actors follow one another too: opposite lock orders on the users' rows.
      for (int u = 0; u < kThreads; ++u) {
        if (u == t) continue;
        auto r = store_->Follow(me, actors[u].id, t0 + u);
        check(r.ok() && *r == FollowResult::kCreated, "follow actor");
      }
      for (int j = 0; j < kTargets; ++j) {
        auto liked = store_->Like(me, videos[j].id, t0 + j);
        check(liked.ok() && *liked, liked.ok() ? "like not new" : liked.error().ToString());
        auto followed = store_->Follow(me, followees[j].id, t0 + j);
        check(followed.ok() && *followed == FollowResult::kCreated,
              followed.ok() ? "follow not new" : followed.error().ToString());
      }
      for (int j = 0; j < kTargets; ++j) {
        if ((j + t) % 2 == 0) {
          auto r = store_->Unlike(me, videos[j].id);
          check(r.ok() && *r, r.ok() ? "unlike missed" : r.error().ToString());
        }
        if ((j + t) % 3 == 0) {
          auto r = store_->Unfollow(me, followees[j].id);
          check(r.ok() && *r, r.ok() ? "unfollow missed" : r.error().ToString());
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0) << first_error;

  auto count_pages = [](const auto& pages) {
    size_t n = 0;
    for (const auto& p : pages) n += p.size();
    return static_cast<int64_t>(n);
  };
  for (int j = 0; j < kTargets; ++j) {
    int64_t expected_likes = 0, rows = 0, expected_followers = 0;
    for (int t = 0; t < kThreads; ++t) {
      expected_likes += (j + t) % 2 != 0;
      expected_followers += (j + t) % 3 != 0;
      rows += store_->IsLiked(actors[t].id, videos[j].id).value();
    }
    EXPECT_EQ(ReloadVideo(videos[j].id).like_count, expected_likes) << j;
    EXPECT_EQ(rows, expected_likes) << j;
    User f = Reload(followees[j]);
    EXPECT_EQ(f.follower_count, expected_followers) << j;
    EXPECT_EQ(count_pages(Pages<FollowEdge>([&](const std::string& after) {
                return store_->ListFollowers(f.id, after, 50);
              })),
              f.follower_count)
        << j;
  }
  for (int t = 0; t < kThreads; ++t) {
    User a = Reload(actors[t]);
    int64_t expected_following = kThreads - 1;
    for (int j = 0; j < kTargets; ++j) expected_following += (j + t) % 3 != 0;
    EXPECT_EQ(a.following_count, expected_following) << t;
    EXPECT_EQ(a.follower_count, kThreads - 1) << t;
    EXPECT_EQ(count_pages(Pages<FollowEdge>([&](const std::string& after) {
                return store_->ListFollowing(a.id, after, 50);
              })),
              a.following_count)
        << t;
    EXPECT_EQ(count_pages(Pages<Video>([&](const std::string& after) {
                return store_->ListLikedVideos(a.id, after, 50);
              })),
              kTargets / 2)
        << t;
  }
}

}  // namespace
}  // namespace kinora::store::conformance
