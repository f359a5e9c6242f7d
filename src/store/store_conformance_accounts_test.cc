// The store's conformance on its schema and its members: migrations,
// accounts, sessions, API keys, invites and the waitlist. This file also
// instantiates the suite for the whole binary (store_conformance.h).
#include <latch>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "store/store_conformance.h"

namespace kinora::store::conformance {
namespace {

// ---------------------------------------------------------------- migrations

TEST_P(StoreConformanceTest, MigrationsPlanEveryVersionThenNothing) {
  EXPECT_EQ(store_->Backend(), GetParam());
  std::unique_ptr<Store> fresh = OpenFresh("fresh");
  ASSERT_NE(fresh, nullptr);
  EXPECT_EQ(fresh->Backend(), GetParam());
  ASSERT_OK_AND_ASSIGN(MigrationPlan plan, fresh->PlanMigrations());
  EXPECT_EQ(plan.current_version, 0);
  ASSERT_FALSE(plan.pending.empty());
  int previous = 0;
  for (const Migration& m : plan.pending) {
    EXPECT_GT(m.version, previous);
    EXPECT_FALSE(m.name.empty());
    EXPECT_FALSE(m.sql.empty());
    previous = m.version;
  }
  // Planning runs nothing.
  ASSERT_OK_AND_ASSIGN(MigrationPlan again, fresh->PlanMigrations());
  EXPECT_EQ(again.current_version, 0);
  EXPECT_EQ(again.pending.size(), plan.pending.size());

  ASSERT_OK(fresh->Migrate());
  ASSERT_OK_AND_ASSIGN(MigrationPlan done, fresh->PlanMigrations());
  EXPECT_TRUE(done.pending.empty());
  EXPECT_EQ(done.current_version, plan.pending.back().version);
  ASSERT_OK_AND_ASSIGN(MigrationPlan main, store_->PlanMigrations());
  EXPECT_TRUE(main.pending.empty());
  EXPECT_EQ(main.current_version, done.current_version);
}

TEST_P(StoreConformanceTest, MigratingAgainKeepsVersionAndData) {
  User ada = AddMember("ada");
  ASSERT_OK_AND_ASSIGN(MigrationPlan before, store_->PlanMigrations());
  ASSERT_OK(store_->Migrate());
  ASSERT_OK(store_->Migrate());
  ASSERT_OK_AND_ASSIGN(MigrationPlan after, store_->PlanMigrations());
  EXPECT_TRUE(after.pending.empty());
  EXPECT_EQ(after.current_version, before.current_version);
  EXPECT_EQ(Reload(ada).handle, "ada");
  EXPECT_EQ(*store_->CountUsers(), 1);
}

TEST_P(StoreConformanceTest, StoresStartingTogetherBothMigrate) {
  std::string url;
  std::unique_ptr<Store> a = OpenFresh("shared", &url);
  ASSERT_NE(a, nullptr);
  auto b = OpenStore(url);
  ASSERT_OK(b);
  std::latch go(2);
  core::Status sa, sb;
  std::thread ta([&] {
    go.arrive_and_wait();
    sa = a->Migrate();
  });
  std::thread tb([&] {
    go.arrive_and_wait();
    sb = (*b)->Migrate();
  });
  ta.join();
  tb.join();
  EXPECT_OK(sa);
  EXPECT_OK(sb);
  ASSERT_OK_AND_ASSIGN(MigrationPlan plan, (*b)->PlanMigrations());
  EXPECT_TRUE(plan.pending.empty());
  ASSERT_OK_AND_ASSIGN(MigrationPlan main, store_->PlanMigrations());
  EXPECT_EQ(plan.current_version, main.current_version);
}

// ---------------------------------------------------------------- accounts

TEST_P(StoreConformanceTest, FirstMemberIsAdminAndLaterMembersNeedAnInvite) {
  NewUser first;
  first.user = Profile("ada");
  first.starter_codes = {"adastart1", "adastart2"};
  ASSERT_OK_AND_ASSIGN(User ada, store_->CreateUser(first));
  EXPECT_EQ(ada.role, "admin");
  EXPECT_EQ(ada.id, first.user.id);
  EXPECT_EQ(Reload(ada).role, "admin");

  NewUser second;
  second.user = Profile("bob");
  auto refused = store_->CreateUser(second);
  ASSERT_EQ(CodeOf(refused), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(refused.error().detail, "invite_code");
  second.invite_code = "nosuchcode";
  auto unknown = store_->CreateUser(second);
  ASSERT_EQ(CodeOf(unknown), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(unknown.error().detail, "invite_code");
  EXPECT_EQ(*store_->CountUsers(), 1);
  EXPECT_EQ(CodeOf(store_->GetUserByHandle("bob")), ErrorCode::kNotFound);

  second.invite_code = "adastart1";
  ASSERT_OK_AND_ASSIGN(User bob, store_->CreateUser(second));
  EXPECT_EQ(bob.role, "member");
  ASSERT_OK_AND_ASSIGN(Invite used, store_->GetInvite("adastart1"));
  EXPECT_EQ(used.created_by, ada.id);
  EXPECT_EQ(used.used_by, bob.id);
  EXPECT_TRUE(used.used_at.has_value());

  // An invite admits one member.
  NewUser third;
  third.user = Profile("cat");
  third.invite_code = "adastart1";
  EXPECT_EQ(CodeOf(store_->CreateUser(third)), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(*store_->CountUsers(), 2);
  ASSERT_OK_AND_ASSIGN(Invite unused, store_->GetInvite("adastart2"));
  EXPECT_EQ(unused.created_by, ada.id);
  EXPECT_EQ(unused.used_by, std::nullopt);
  EXPECT_EQ(unused.used_at, std::nullopt);
  third.invite_code = "adastart2";
  EXPECT_OK(store_->CreateUser(third));
}

TEST_P(StoreConformanceTest, OnlyOneOfTwoRacingFirstMembersGetsIn) {
  // On an empty installation both sign-ups may think they are the first;
  // only one may join without an invite (and become admin). Several empty
  // installations, as one race may not overlap.
  for (int round = 0; round < 4; ++round) {
    std::unique_ptr<Store> empty = OpenFresh("empty" + std::to_string(round));
    ASSERT_NE(empty, nullptr);
    ASSERT_OK(empty->Migrate());
    NewUser a, b;
    a.user = Profile("ada");
    b.user = Profile("bob");
    std::optional<core::Result<User>> ra, rb;
    std::latch go(2);
    std::thread ta([&] {
      go.arrive_and_wait();
      ra.emplace(empty->CreateUser(a));
    });
    std::thread tb([&] {
      go.arrive_and_wait();
      rb.emplace(empty->CreateUser(b));
    });
    ta.join();
    tb.join();
    EXPECT_EQ(ra->ok() + rb->ok(), 1)
        << "round " << round << ": ada " << (ra->ok() ? ra->value().role : "refused") << ", bob "
        << (rb->ok() ? rb->value().role : "refused");
    EXPECT_EQ(*empty->CountUsers(), 1) << "round " << round;
    const auto& loser = ra->ok() ? *rb : *ra;
    if (!loser.ok()) {
      EXPECT_EQ(loser.error().code, ErrorCode::kFailedPrecondition);
    }
  }
}

TEST_P(StoreConformanceTest, OneInviteAdmitsOnlyOneOfTwoRacingMembers) {
  User ada = AddMember("ada");
  constexpr int kRounds = 8;
  for (int round = 0; round < kRounds; ++round) {
    const std::string code = "race" + std::to_string(round);
    ASSERT_OK(store_->CreateInvites({Invite{code, ada.id, Tick(), {}, {}}}));
    NewUser a, b;
    a.user = Profile("a" + std::to_string(round));
    a.invite_code = code;
    b.user = Profile("b" + std::to_string(round));
    b.invite_code = code;
    std::optional<core::Result<User>> ra, rb;
    std::latch go(2);
    std::thread ta([&] {
      go.arrive_and_wait();
      ra.emplace(store_->CreateUser(a));
    });
    std::thread tb([&] {
      go.arrive_and_wait();
      rb.emplace(store_->CreateUser(b));
    });
    ta.join();
    tb.join();
    ASSERT_EQ(ra->ok() + rb->ok(), 1) << "round " << round;
    const User& winner = ra->ok() ? ra->value() : rb->value();
    const auto& loser = ra->ok() ? *rb : *ra;
    EXPECT_EQ(loser.error().code, ErrorCode::kFailedPrecondition) << loser.error().ToString();
    EXPECT_EQ(store_->GetInvite(code)->used_by, winner.id);
  }
  EXPECT_EQ(*store_->CountUsers(), 1 + kRounds);
}

TEST_P(StoreConformanceTest, AFailedCreateUserChangesNothing) {
  User ada = AddMember("ada");
  ASSERT_OK(store_->CreateInvites(
      {Invite{"invite1", ada.id, Tick(), {}, {}}, Invite{"takencode", ada.id, Tick(), {}, {}}}));

  NewUser same_handle;
  same_handle.user = Profile("ada");
  same_handle.invite_code = "invite1";
  EXPECT_EQ(CodeOf(store_->CreateUser(same_handle)), ErrorCode::kAlreadyExists);
  EXPECT_EQ(store_->GetInvite("invite1")->used_by, std::nullopt);

  // A clash found after the invite was claimed gives the invite back too.
  NewUser clash;
  clash.user = Profile("bob");
  clash.invite_code = "invite1";
  clash.starter_codes = {"bobstart1", "takencode"};
  EXPECT_FALSE(store_->CreateUser(clash).ok());
  EXPECT_EQ(store_->GetInvite("invite1")->used_by, std::nullopt);
  EXPECT_EQ(store_->GetInvite("takencode")->created_by, ada.id);
  EXPECT_EQ(CodeOf(store_->GetInvite("bobstart1")), ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(store_->GetUserByHandle("bob")), ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(store_->GetUser(clash.user.id)), ErrorCode::kNotFound);
  EXPECT_EQ(*store_->CountUsers(), 1);

  clash.starter_codes = {"bobstart1"};
  ASSERT_OK_AND_ASSIGN(User bob, store_->CreateUser(clash));
  EXPECT_EQ(store_->GetInvite("invite1")->used_by, bob.id);
  EXPECT_EQ(store_->GetInvite("bobstart1")->created_by, bob.id);
}

TEST_P(StoreConformanceTest, OpenInstallationsLetAnyoneIn) {
  NewUser first;
  first.user = Profile("ada");
  first.invite_required = false;
  first.first_member_is_admin = false;
  ASSERT_OK_AND_ASSIGN(User ada, store_->CreateUser(first));
  EXPECT_EQ(ada.role, "member");
  NewUser second;
  second.user = Profile("bob");
  second.invite_required = false;
  ASSERT_OK_AND_ASSIGN(User bob, store_->CreateUser(second));
  EXPECT_EQ(bob.role, "member");
  NewUser third;
  third.user = Profile("cat");  // invite_required: true
  EXPECT_EQ(CodeOf(store_->CreateUser(third)), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(*store_->CountUsers(), 2);
}

TEST_P(StoreConformanceTest, MembersAreFoundByIdAndHandle) {
  EXPECT_EQ(*store_->CountUsers(), 0);
  NewUser n;
  n.user = Profile("ada");
  n.user.avatar_key = BlobKey();
  n.user.display_name = "Ada ✓ Lovelace";
  n.invite_required = false;
  ASSERT_OK(store_->CreateUser(n));
  AddMember("bob");
  EXPECT_EQ(*store_->CountUsers(), 2);
  for (auto got : {store_->GetUser(n.user.id), store_->GetUserByHandle("ada")}) {
    ASSERT_OK(got);
    EXPECT_EQ(got->id, n.user.id);
    EXPECT_EQ(got->handle, "ada");
    EXPECT_EQ(got->display_name, "Ada ✓ Lovelace");
    EXPECT_EQ(got->bio, n.user.bio);
    EXPECT_EQ(got->avatar_key, n.user.avatar_key);
    EXPECT_EQ(got->birthdate, "1990-02-03");
    EXPECT_EQ(got->country, "FR");
    EXPECT_EQ(got->password_hash, n.user.password_hash);
    EXPECT_EQ(got->role, "admin");
    EXPECT_EQ(got->follower_count, 0);
    EXPECT_EQ(got->following_count, 0);
    EXPECT_EQ(got->video_count, 0);
    EXPECT_EQ(got->created_at, n.user.created_at);
  }
  EXPECT_EQ(CodeOf(store_->GetUser(NewId("user"))), ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(store_->GetUserByHandle("nobody")), ErrorCode::kNotFound);
  ASSERT_OK(store_->SetPasswordHash(n.user.id, "$argon2id$new"));
  EXPECT_EQ(store_->GetUser(n.user.id)->password_hash, "$argon2id$new");
  EXPECT_EQ(CodeOf(store_->SetPasswordHash(NewId("user"), "x")), ErrorCode::kNotFound);
}

TEST_P(StoreConformanceTest, UpdateProfileMovesTheAvatarsReference) {
  const std::string k1 = BlobKey(), k2 = BlobKey(), k3 = BlobKey(), k4 = BlobKey();
  NewUser n;
  n.user = Profile("ada");
  n.user.avatar_key = k1;
  n.invite_required = false;
  ASSERT_OK_AND_ASSIGN(User ada, store_->CreateUser(n));
  User bob = AddMember("bob");

  ASSERT_OK_AND_ASSIGN(auto moved, store_->UpdateProfile(ada.id, "Ada L", "new bio", k2));
  EXPECT_EQ(moved.second, k1);  // k1 lost its last reference
  EXPECT_EQ(moved.first.display_name, "Ada L");
  EXPECT_EQ(moved.first.bio, "new bio");
  EXPECT_EQ(moved.first.avatar_key, k2);
  User reloaded = Reload(ada);
  EXPECT_EQ(reloaded.display_name, "Ada L");
  EXPECT_EQ(reloaded.bio, "new bio");
  EXPECT_EQ(reloaded.avatar_key, k2);
  EXPECT_EQ(reloaded.handle, "ada");

  // Someone else holds k2 as well: moving away from it frees nothing.
  ASSERT_OK(store_->AcquireBlob(k2));
  ASSERT_OK_AND_ASSIGN(auto kept, store_->UpdateProfile(ada.id, "Ada L", "new bio", k3));
  EXPECT_EQ(kept.second, "");
  EXPECT_EQ(store_->ReleaseBlob(k2).value(), true);

  // Saving the same avatar takes no second reference.
  ASSERT_OK_AND_ASSIGN(auto same, store_->UpdateProfile(ada.id, "Ada", "", k3));
  EXPECT_EQ(same.second, "");
  ASSERT_OK_AND_ASSIGN(auto cleared, store_->UpdateProfile(ada.id, "Ada", "", ""));
  EXPECT_EQ(cleared.second, k3);
  EXPECT_EQ(Reload(ada).avatar_key, "");

  // Two members with one picture: the second to let go frees it.
  ASSERT_OK(store_->UpdateProfile(ada.id, "Ada", "", k4));
  ASSERT_OK(store_->UpdateProfile(bob.id, "Bob", "", k4));
  EXPECT_EQ(store_->UpdateProfile(ada.id, "Ada", "", "")->second, "");
  EXPECT_EQ(store_->UpdateProfile(bob.id, "Bob", "", "")->second, k4);

  EXPECT_EQ(CodeOf(store_->UpdateProfile(NewId("user"), "X", "", "")), ErrorCode::kNotFound);
}

TEST_P(StoreConformanceTest, SessionsAreCreatedTouchedListedAndDeleted) {
  User ada = AddMember("ada");
  User bob = AddMember("bob");
  auto session = [&](const User& u, const std::string& id, int64_t seen, int64_t expires) {
    return Session{std::string(64 - id.size(), '0') + id,
                   u.id,
                   "csrf-" + id,
                   "Firefox/" + id,
                   "203.0.113.7",
                   seen,
                   seen,
                   expires};
  };
  const Session s1 = session(ada, "a1", 1000, 5000);
  const Session s2 = session(ada, "a2", 2000, 9000);
  const Session s3 = session(bob, "b1", 1500, 3000);
  for (const auto& s : {s1, s2, s3}) ASSERT_OK(store_->CreateSession(s));

  ASSERT_OK_AND_ASSIGN(Session got, store_->GetSession(s1.id));
  EXPECT_EQ(got.id, s1.id);
  EXPECT_EQ(got.user_id, ada.id);
  EXPECT_EQ(got.csrf_token, "csrf-a1");
  EXPECT_EQ(got.user_agent, "Firefox/a1");
  EXPECT_EQ(got.ip, "203.0.113.7");
  EXPECT_EQ(got.created_at, 1000);
  EXPECT_EQ(got.last_seen_at, 1000);
  EXPECT_EQ(got.expires_at, 5000);
  EXPECT_EQ(CodeOf(store_->GetSession(std::string(64, 'f'))), ErrorCode::kNotFound);

  auto ids = [&](const User& u) {
    std::set<std::string> out;
    auto sessions = store_->ListSessions(u.id);
    EXPECT_OK(sessions);
    if (sessions.ok()) {
      for (const auto& s : *sessions) out.insert(s.id);
    }
    return out;
  };
  EXPECT_EQ(ids(ada), (std::set<std::string>{s1.id, s2.id}));
  EXPECT_EQ(ids(bob), (std::set<std::string>{s3.id}));

  ASSERT_OK(store_->TouchSession(s1.id, 6000, 20000));
  got = store_->GetSession(s1.id).value();
  EXPECT_EQ(got.last_seen_at, 6000);
  EXPECT_EQ(got.expires_at, 20000);
  EXPECT_EQ(got.created_at, 1000);
  EXPECT_EQ(CodeOf(store_->TouchSession(std::string(64, 'f'), 1, 2)), ErrorCode::kNotFound);

  // A member cannot end another member's session.
  EXPECT_EQ(CodeOf(store_->DeleteSession(bob.id, s1.id)), ErrorCode::kNotFound);
  EXPECT_OK(store_->GetSession(s1.id));
  ASSERT_OK(store_->DeleteSession(ada.id, s1.id));
  EXPECT_EQ(CodeOf(store_->GetSession(s1.id)), ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(store_->DeleteSession(ada.id, s1.id)), ErrorCode::kNotFound);

  // At 5000 only bob's session (expired at 3000) is gone.
  EXPECT_EQ(store_->DeleteExpiredSessions(5000).value(), 1);
  EXPECT_EQ(ids(bob), std::set<std::string>{});
  EXPECT_EQ(ids(ada), (std::set<std::string>{s2.id}));
  EXPECT_EQ(store_->DeleteExpiredSessions(5000).value(), 0);
  EXPECT_EQ(store_->DeleteExpiredSessions(100000).value(), 1);
  EXPECT_EQ(ids(ada), std::set<std::string>{});
}

TEST_P(StoreConformanceTest, ApiKeysBelongToTheirOwner) {
  User ada = AddMember("ada");
  User bob = AddMember("bob");
  auto key = [&](std::optional<std::string> owner, const std::string& name, char hash) {
    return ApiKey{NewId("key"),          std::move(owner), name, "kin_" + name.substr(0, 4),
                  std::string(64, hash), Tick(),           {},   {}};
  };
  const ApiKey laptop = key(ada.id, "laptop", 'a');
  const ApiKey ci = key(ada.id, "ci-runner", 'b');
  const ApiKey bobs = key(bob.id, "bobs", 'c');
  const ApiKey install = key(std::nullopt, "install", 'd');
  for (const auto& k : {laptop, ci, bobs, install}) ASSERT_OK(store_->CreateApiKey(k));

  ASSERT_OK_AND_ASSIGN(ApiKey got, store_->GetApiKeyByHash(laptop.key_hash));
  EXPECT_EQ(got.id, laptop.id);
  EXPECT_EQ(got.user_id, ada.id);
  EXPECT_EQ(got.name, "laptop");
  EXPECT_EQ(got.prefix, "kin_lapt");
  EXPECT_EQ(got.created_at, laptop.created_at);
  EXPECT_EQ(got.last_used_at, std::nullopt);
  EXPECT_EQ(got.revoked_at, std::nullopt);
  EXPECT_EQ(store_->GetApiKeyByHash(install.key_hash)->user_id, std::nullopt);
  EXPECT_EQ(CodeOf(store_->GetApiKeyByHash(std::string(64, 'e'))), ErrorCode::kNotFound);

  auto ids = [&](const std::optional<std::string>& owner) {
    std::set<std::string> out;
    auto keys = store_->ListApiKeys(owner);
    EXPECT_OK(keys);
    if (keys.ok()) {
      for (const auto& k : *keys) out.insert(k.id);
    }
    return out;
  };
  EXPECT_EQ(ids(ada.id), (std::set<std::string>{laptop.id, ci.id}));
  EXPECT_EQ(ids(bob.id), (std::set<std::string>{bobs.id}));
  EXPECT_EQ(ids(std::nullopt), (std::set<std::string>{install.id}));

  ASSERT_OK(store_->TouchApiKey(laptop.id, 7000));
  EXPECT_EQ(store_->GetApiKeyByHash(laptop.key_hash)->last_used_at, 7000);
  EXPECT_EQ(CodeOf(store_->TouchApiKey(NewId("key"), 1)), ErrorCode::kNotFound);

  // Only the owner revokes: not another member, not the installation.
  EXPECT_EQ(CodeOf(store_->RevokeApiKey(bob.id, laptop.id, 8000)), ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(store_->RevokeApiKey(std::nullopt, laptop.id, 8000)), ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(store_->RevokeApiKey(ada.id, install.id, 8000)), ErrorCode::kNotFound);
  EXPECT_EQ(store_->GetApiKeyByHash(laptop.key_hash)->revoked_at, std::nullopt);
  ASSERT_OK(store_->RevokeApiKey(ada.id, laptop.id, 8000));
  EXPECT_EQ(store_->GetApiKeyByHash(laptop.key_hash)->revoked_at, 8000);
  EXPECT_EQ(CodeOf(store_->RevokeApiKey(ada.id, laptop.id, 9000)), ErrorCode::kNotFound);
  EXPECT_EQ(store_->GetApiKeyByHash(laptop.key_hash)->revoked_at, 8000);
  ASSERT_OK(store_->RevokeApiKey(std::nullopt, install.id, 8000));
  EXPECT_EQ(store_->GetApiKeyByHash(install.key_hash)->revoked_at, 8000);
  EXPECT_EQ(store_->GetApiKeyByHash(ci.key_hash)->revoked_at, std::nullopt);
}

TEST_P(StoreConformanceTest, InvitesAreListedPerCreatorAndForAdministrators) {
  NewUser first;
  first.user = Profile("ada");
  first.starter_codes = {"adaone", "adatwo"};
  ASSERT_OK_AND_ASSIGN(User ada, store_->CreateUser(first));
  ASSERT_OK(store_->CreateInvites({Invite{"admone", std::nullopt, Tick(), {}, {}},
                                   Invite{"admtwo", std::nullopt, Tick(), {}, {}}}));
  NewUser second;
  second.user = Profile("bob");
  second.invite_code = "adaone";
  second.starter_codes = {"bobone"};
  ASSERT_OK_AND_ASSIGN(User bob, store_->CreateUser(second));

  auto codes = [&](const std::optional<std::string>& by) {
    std::set<std::string> out;
    auto invites = store_->ListInvites(by);
    EXPECT_OK(invites);
    if (!invites.ok()) return out;
    for (const auto& i : *invites) {
      EXPECT_EQ(i.created_by, by) << i.code;
      out.insert(i.code);
    }
    return out;
  };
  EXPECT_EQ(codes(ada.id), (std::set<std::string>{"adaone", "adatwo"}));
  EXPECT_EQ(codes(bob.id), (std::set<std::string>{"bobone"}));
  EXPECT_EQ(codes(std::nullopt), (std::set<std::string>{"admone", "admtwo"}));
  ASSERT_OK_AND_ASSIGN(std::vector<Invite> adas, store_->ListInvites(ada.id));
  for (const auto& i : adas) {
    EXPECT_EQ(i.used_by, i.code == "adaone" ? std::optional<std::string>(bob.id) : std::nullopt);
  }
  EXPECT_EQ(CodeOf(store_->GetInvite("nosuchcode")), ErrorCode::kNotFound);

  // All or nothing: one taken code rejects the whole batch.
  EXPECT_EQ(CodeOf(store_->CreateInvites({Invite{"fresh", std::nullopt, Tick(), {}, {}},
                                          Invite{"admone", std::nullopt, Tick(), {}, {}}})),
            ErrorCode::kAlreadyExists);
  EXPECT_EQ(CodeOf(store_->GetInvite("fresh")), ErrorCode::kNotFound);
}

TEST_P(StoreConformanceTest, WaitlistPaginatesAndFiltersWaitingEntries) {
  std::vector<WaitlistEntry> entries;
  for (int i = 0; i < 5; ++i) {
    WaitlistEntry w{
        NewId("wait"), "w" + std::to_string(i) + "@example.com", "DE", "hi", Tick(), "", {}};
    ASSERT_OK(store_->JoinWaitlist(w));
    entries.push_back(w);
  }
  WaitlistEntry again{NewId("wait"), "w2@example.com", "DE", "", Tick(), "", {}};
  EXPECT_EQ(CodeOf(store_->JoinWaitlist(again)), ErrorCode::kAlreadyExists);
  EXPECT_EQ(CodeOf(store_->GetWaitlistEntry(again.id)), ErrorCode::kNotFound);

  ASSERT_OK_AND_ASSIGN(WaitlistEntry got, store_->GetWaitlistEntry(entries[3].id));
  EXPECT_EQ(got.email, "w3@example.com");
  EXPECT_EQ(got.country, "DE");
  EXPECT_EQ(got.note, "hi");
  EXPECT_EQ(got.created_at, entries[3].created_at);
  EXPECT_EQ(got.invite_code, "");
  EXPECT_EQ(got.admitted_at, std::nullopt);
  EXPECT_EQ(CodeOf(store_->GetWaitlistEntry(NewId("wait"))), ErrorCode::kNotFound);

  const std::set<std::string> all = AsSet(Ids(entries));
  auto all_pages = Pages<WaitlistEntry>(
      [&](const std::string& after) { return store_->ListWaitlist(false, after, 2); });
  EXPECT_EQ(Sizes(all_pages), (std::vector<size_t>{2, 2, 1}));
  EXPECT_EQ(Ids(all_pages).size(), 5u);
  EXPECT_EQ(AsSet(Ids(all_pages)), all);

  ASSERT_OK(store_->AdmitWaitlistEntry(entries[1].id, Invite{"wlcode1", {}, Tick(), {}, {}}));
  // Four still wait: two full pages, and the second says it is the last.
  auto waiting = Pages<WaitlistEntry>(
      [&](const std::string& after) { return store_->ListWaitlist(true, after, 2); });
  EXPECT_EQ(Sizes(waiting), (std::vector<size_t>{2, 2}));
  EXPECT_EQ(AsSet(Ids(waiting)),
            (std::set<std::string>{entries[0].id, entries[2].id, entries[3].id, entries[4].id}));
  ASSERT_OK(store_->AdmitWaitlistEntry(entries[3].id, Invite{"wlcode3", {}, Tick(), {}, {}}));
  waiting = Pages<WaitlistEntry>(
      [&](const std::string& after) { return store_->ListWaitlist(true, after, 2); });
  EXPECT_EQ(Sizes(waiting), (std::vector<size_t>{2, 1}));
  EXPECT_EQ(AsSet(Ids(waiting)),
            (std::set<std::string>{entries[0].id, entries[2].id, entries[4].id}));
  all_pages = Pages<WaitlistEntry>(
      [&](const std::string& after) { return store_->ListWaitlist(false, after, 2); });
  EXPECT_EQ(AsSet(Ids(all_pages)), all);
}

TEST_P(StoreConformanceTest, AdmittingFromTheWaitlistMakesAUsableInvite) {
  AddMember("ada");
  WaitlistEntry w{NewId("wait"), "zoe@example.com", "NL", "", Tick(), "", {}};
  ASSERT_OK(store_->JoinWaitlist(w));
  const int64_t admitted = Tick();
  ASSERT_OK_AND_ASSIGN(WaitlistEntry in,
                       store_->AdmitWaitlistEntry(w.id, Invite{"zoecode", {}, admitted, {}, {}}));
  EXPECT_EQ(in.id, w.id);
  EXPECT_EQ(in.invite_code, "zoecode");
  EXPECT_TRUE(in.admitted_at.has_value());
  EXPECT_EQ(store_->GetWaitlistEntry(w.id)->invite_code, "zoecode");
  ASSERT_OK_AND_ASSIGN(Invite invite, store_->GetInvite("zoecode"));
  EXPECT_EQ(invite.created_by, std::nullopt);
  EXPECT_EQ(invite.used_by, std::nullopt);

  auto twice = store_->AdmitWaitlistEntry(w.id, Invite{"zoecode2", {}, Tick(), {}, {}});
  EXPECT_EQ(CodeOf(twice), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(CodeOf(store_->GetInvite("zoecode2")), ErrorCode::kNotFound);
  EXPECT_EQ(store_->GetWaitlistEntry(w.id)->invite_code, "zoecode");
  EXPECT_EQ(CodeOf(store_->AdmitWaitlistEntry(NewId("wait"), Invite{"x", {}, Tick(), {}, {}})),
            ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(store_->GetInvite("x")), ErrorCode::kNotFound);

  NewUser zoe;
  zoe.user = Profile("zoe");
  zoe.invite_code = "zoecode";
  ASSERT_OK_AND_ASSIGN(User joined, store_->CreateUser(zoe));
  EXPECT_EQ(joined.role, "member");
  EXPECT_EQ(store_->GetInvite("zoecode")->used_by, joined.id);
}

INSTANTIATE_TEST_SUITE_P(store_conformance, StoreConformanceTest,
                         ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

}  // namespace
}  // namespace kinora::store::conformance
