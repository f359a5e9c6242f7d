// The social platform through `/api` on a real `kinora serve` with a real
// SQLite file: joining with invites, sessions and CSRF, API keys, the graph
// and blocks, videos from a member's generation with their privacy rules,
// likes, comments, notifications (stored and live over Server-Sent Events),
// bad input, and a server killed with SIGKILL in the middle of writes — each
// on both store backends (SQLite, and PostgreSQL in CTest's throwaway cluster).
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "support/http_client.h"
#include "support/subprocess.h"
#include "support/test_db.h"

namespace kinora {
namespace {

using nlohmann::json;
using testing::HttpCall;
using testing::HttpReply;

// A signed-in browser: its session cookie and CSRF token.
struct Member {
  std::string handle;
  std::string cookie;
  std::string csrf;
  std::string id;
};

class SocialApiTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir_.path() + "/web");
    std::ofstream(dir_.path() + "/web/index.html") << "<!doctype html><title>Kinora</title>";
    db_ = "sqlite:" + dir_.path() + "/data/kinora.db";
    if (GetParam() == "postgres") {
      const std::string base = testing::PostgresTestUrl();
      ASSERT_FALSE(base.empty());
      auto fresh = testing::FreshPostgresDatabase(base, testing::TestDatabaseName());
      ASSERT_TRUE(fresh.ok()) << fresh.error().ToString();
      db_ = *fresh;
    }
    Start();
  }

  bool sqlite() const { return GetParam() == "sqlite"; }

  void Start() {
    port_ = testing::FreePort();
    server_ = std::make_unique<testing::Child>(
        std::vector<std::string>{
            testing::KinoraBinary(), "serve", "--listen", "127.0.0.1:" + std::to_string(port_),
            "--data-dir", dir_.path() + "/data", "--db", db_, "--web-dir", dir_.path() + "/web"},
        dir_.path() + "/server.log");
    ASSERT_TRUE(testing::WaitHealthy(port_, 30000)) << server_->Log();
  }

  HttpReply Api(const std::string& method, const std::string& target, const json& body = nullptr,
                const Member* as = nullptr, bool csrf = true) {
    std::map<std::string, std::string> headers;
    if (!body.is_null()) headers["Content-Type"] = "application/json";
    if (as) {
      headers["Cookie"] = "kn_session=" + as->cookie;
      if (csrf) headers["X-CSRF-Token"] = as->csrf;
    }
    return HttpCall(port_, method, target, body.is_null() ? "" : body.dump(), headers);
  }

  static std::string CookieOf(const HttpReply& r) {
    auto it = r.headers.find("set-cookie");
    if (it == r.headers.end()) return {};
    const std::string& c = it->second;
    const auto eq = c.find('='), semi = c.find(';');
    return c.substr(eq + 1, semi - eq - 1);
  }

  Member SignUp(const std::string& handle, const std::string& invite = "",
                const std::string& birthdate = "1990-01-02") {
    json body = {{"handle", handle},
                 {"display_name", handle + " Example"},
                 {"password", "correct horse"},
                 {"birthdate", birthdate},
                 {"country", "FR"}};
    if (!invite.empty()) body["invite_code"] = invite;
    auto r = Api("POST", "/api/auth/signup", body);
    EXPECT_EQ(r.status, 201) << r.body;
    Member m;
    m.handle = handle;
    m.cookie = CookieOf(r);
    auto j = r.Json();
    m.csrf = j.value("csrf_token", "");
    if (j.contains("user")) m.id = j["user"].value("id", "");
    return m;
  }

  std::string InviteOf(const Member& m, size_t index = 0) {
    auto r = Api("GET", "/api/me/invites", nullptr, &m);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json()["data"][index]["code"];
  }

  void ExpectError(const HttpReply& r, int status, const std::string& param = {},
                   const std::string& code = {}) {
    EXPECT_EQ(r.status, status) << r.body;
    auto j = r.Json();
    ASSERT_TRUE(j.is_object() && j.contains("error")) << r.body;
    for (const char* key : {"message", "type", "param", "code"}) {
      EXPECT_TRUE(j["error"].contains(key)) << key << " in " << r.body;
    }
    if (!param.empty()) {
      EXPECT_EQ(j["error"]["param"], param) << r.body;
    }
    if (!code.empty()) {
      EXPECT_EQ(j["error"]["code"], code) << r.body;
    }
  }

  // Makes a tiny video for `m` through /v1 with their session and waits for its draft.
  json MakeDraft(const Member& m) {
    auto created =
        Api("POST", "/v1/videos",
            {{"prompt", "A cat sits in a kitchen"}, {"seconds", "1"}, {"size", "128x128"}}, &m);
    EXPECT_EQ(created.status, 200) << created.body;
    const std::string gen = created.Json().value("id", "");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(240);
    while (std::chrono::steady_clock::now() < deadline) {
      auto v = Api("GET", "/api/generations/" + gen + "/video", nullptr, &m);
      if (v.status == 200) return v.Json();
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    ADD_FAILURE() << "the generation did not become a draft: " << server_->Log();
    return {};
  }

  testing::TempDir dir_;
  std::string db_;
  int port_ = 0;
  std::unique_ptr<testing::Child> server_;
};

TEST_P(SocialApiTest, JoiningNeedsAnInviteAfterTheFirstMemberAndValidatesEveryField) {
  Member alice = SignUp("Alice");  // the first member: no invite, administrator
  auto me = Api("GET", "/api/me", nullptr, &alice).Json();
  EXPECT_EQ(me["user"]["handle"], "alice");
  EXPECT_EQ(me["user"]["role"], "admin");
  EXPECT_EQ(me["user"]["is_teen"], false);

  const json good = {{"handle", "bob"},
                     {"password", "correct horse"},
                     {"birthdate", "1990-01-02"},
                     {"country", "FR"}};
  ExpectError(Api("POST", "/api/auth/signup", good), 409, "invite_code", "failed_precondition");
  auto with = [&](const std::string& key, const json& value) {
    json b = good;
    b[key] = value;
    b["invite_code"] = "doesnotexist";
    return Api("POST", "/api/auth/signup", b);
  };
  ExpectError(with("handle", "ab"), 400, "handle");
  ExpectError(with("handle", "has space"), 400, "handle");
  ExpectError(with("handle", std::string(31, 'a')), 400, "handle");
  ExpectError(with("handle", 42), 400, "handle");
  ExpectError(with("password", "short"), 400, "password");
  ExpectError(with("birthdate", "1990-02-30"), 400, "birthdate");
  ExpectError(with("birthdate", "2030-01-01"), 400, "birthdate");
  ExpectError(with("birthdate", "2020-01-01"), 400, "birthdate");  // under 13
  ExpectError(with("country", "France"), 400, "country");
  ExpectError(with("display_name", std::string(51, 'x')), 400, "display_name");
  ExpectError(with("extra", 1), 400, "extra");
  ExpectError(with("invite_code", "doesnotexist"), 409, "invite_code");
  ExpectError(Api("POST", "/api/auth/signup", "[1,2]"), 400);
  ExpectError(
      HttpCall(port_, "POST", "/api/auth/signup", "{nope", {{"Content-Type", "application/json"}}),
      400);
  ExpectError(HttpCall(port_, "POST", "/api/auth/signup", std::string(9 * 1024 * 1024, 'x'),
                       {{"Content-Type", "application/json"}}),
              413);

  // An invite works once; a taken handle (any case) is 409 and keeps the invite.
  const std::string code = InviteOf(alice);
  json taken = good;
  taken["handle"] = "ALICE";
  taken["invite_code"] = code;
  ExpectError(Api("POST", "/api/auth/signup", taken), 409, "handle", "already_exists");
  Member bob = SignUp("bob", code);
  EXPECT_FALSE(bob.cookie.empty());
  json again = good;
  again["handle"] = "carol";
  again["invite_code"] = code;
  ExpectError(Api("POST", "/api/auth/signup", again), 409, "invite_code");
  // Every member gets four codes of their own; a teen is marked as one.
  auto bob_invites = Api("GET", "/api/me/invites", nullptr, &bob).Json();
  EXPECT_EQ(bob_invites["data"].size(), 4u);
  Member teen = SignUp("young.one", InviteOf(bob), "2011-06-01");
  EXPECT_EQ(Api("GET", "/api/me", nullptr, &teen).Json()["user"]["is_teen"], true);
}

TEST_P(SocialApiTest, SessionsCookiesCsrfAndThrottledSignIn) {
  Member alice = SignUp("alice");
  auto signup_cookie =
      Api("POST", "/api/auth/signin", {{"handle", "alice"}, {"password", "correct horse"}});
  ASSERT_EQ(signup_cookie.status, 200) << signup_cookie.body;
  const std::string set_cookie = signup_cookie.headers["set-cookie"];
  EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos) << set_cookie;
  EXPECT_NE(set_cookie.find("SameSite=Lax"), std::string::npos) << set_cookie;

  // Reads need no token; writes with the cookie need the session's CSRF token.
  EXPECT_EQ(Api("GET", "/api/me", nullptr, &alice).status, 200);
  ExpectError(Api("PATCH", "/api/me", {{"bio", "hi"}}, &alice, /*csrf=*/false), 403, "",
              "csrf_failed");
  Member forged = alice;
  forged.csrf = "not-the-token";
  ExpectError(Api("PATCH", "/api/me", {{"bio", "hi"}}, &forged), 403, "", "csrf_failed");
  auto patched = Api("PATCH", "/api/me", {{"bio", "hi there"}}, &alice);
  EXPECT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.Json()["user"]["bio"], "hi there");
  ExpectError(Api("GET", "/api/me"), 401, "", "unauthenticated");

  // Two sessions listed; revoking the other one signs it out.
  Member second = alice;
  second.cookie = CookieOf(signup_cookie);
  second.csrf = signup_cookie.Json()["csrf_token"];
  auto sessions = Api("GET", "/api/me/sessions", nullptr, &alice).Json()["data"];
  ASSERT_EQ(sessions.size(), 2u);
  std::string other;
  for (const auto& s : sessions) {
    if (!s["current"].get<bool>()) other = s["id"];
  }
  ASSERT_FALSE(other.empty());
  EXPECT_EQ(Api("DELETE", "/api/me/sessions/" + other, nullptr, &alice).status, 204);
  ExpectError(Api("GET", "/api/me", nullptr, &second), 401);
  ExpectError(Api("DELETE", "/api/me/sessions/0000000000000000", nullptr, &alice), 404);

  // Sign out ends the session.
  Member third = SignUp("bob", InviteOf(alice));
  EXPECT_EQ(Api("POST", "/api/auth/signout", nullptr, &third).status, 204);
  ExpectError(Api("GET", "/api/me", nullptr, &third), 401);

  // Wrong passwords: 401 five times, then 429 with Retry-After, even for the right one.
  for (int i = 0; i < 5; ++i) {
    ExpectError(Api("POST", "/api/auth/signin", {{"handle", "bob"}, {"password", "wrong one!"}}),
                401, "", "invalid_credentials");
  }
  auto throttled =
      Api("POST", "/api/auth/signin", {{"handle", "bob"}, {"password", "correct horse"}});
  ExpectError(throttled, 429);
  EXPECT_GT(std::stoi(throttled.headers["retry-after"]), 0);
  // Another member is not affected.
  EXPECT_EQ(
      Api("POST", "/api/auth/signin", {{"handle", "alice"}, {"password", "correct horse"}}).status,
      200);
}

TEST_P(SocialApiTest, ApiKeysFromTheApiAndTheCommandLine) {
  Member alice = SignUp("alice");
  auto made = Api("POST", "/api/me/api-keys", {{"name", "laptop"}}, &alice);
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string key = made.Json()["key"];
  ASSERT_EQ(key.rfind("kn_", 0), 0u);
  auto bearer = [&](const std::string& k, const std::string& target) {
    return HttpCall(port_, "GET", target, {}, {{"Authorization", "Bearer " + k}});
  };
  auto me = bearer(key, "/api/me");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.Json()["user"]["handle"], "alice");
  // Keys are listed without the secret, and revoking one takes effect at once.
  auto list = Api("GET", "/api/me/api-keys", nullptr, &alice);
  EXPECT_EQ(list.body.find(key), std::string::npos);
  ASSERT_EQ(list.Json()["data"].size(), 1u);
  const std::string id = list.Json()["data"][0]["id"];
  EXPECT_EQ(Api("DELETE", "/api/me/api-keys/" + id, nullptr, &alice).status, 204);
  ExpectError(bearer(key, "/api/me"), 401, "", "invalid_api_key");
  ExpectError(Api("DELETE", "/api/me/api-keys/" + id, nullptr, &alice), 404);
  ExpectError(Api("POST", "/api/me/api-keys", {{"name", ""}}, &alice), 400, "name");
  // Lists page through cursors: every key once, across pages of two.
  for (const char* name : {"one", "two", "three"}) {
    ASSERT_EQ(Api("POST", "/api/me/api-keys", {{"name", name}}, &alice).status, 201);
  }
  auto page1 = Api("GET", "/api/me/api-keys?limit=2", nullptr, &alice).Json();
  ASSERT_EQ(page1["data"].size(), 2u) << page1;
  ASSERT_TRUE(page1["has_more"].get<bool>());
  auto page2 =
      Api("GET", "/api/me/api-keys?limit=2&after=" + page1["next_cursor"].get<std::string>(),
          nullptr, &alice)
          .Json();
  ASSERT_EQ(page2["data"].size(), 2u) << page2;
  std::multiset<std::string> names;
  for (const json* page : {&page1, &page2}) {
    for (const auto& k : (*page)["data"]) names.insert(k["name"].get<std::string>());
  }
  EXPECT_EQ(names, (std::multiset<std::string>{"laptop", "one", "three", "two"}));
  EXPECT_FALSE(page2["has_more"].get<bool>());

  // The command line makes member and installation keys; the key is the last line.
  auto cli = testing::Run({testing::KinoraBinary(), "admin", "api-key", "create", "--name", "ci",
                           "--user", "alice", "--data-dir", dir_.path() + "/data", "--db", db_});
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  std::string cli_key = cli.out.substr(cli.out.rfind("kn_"));
  cli_key.erase(cli_key.find_last_not_of("\r\n") + 1);
  EXPECT_EQ(bearer(cli_key, "/api/me").Json()["user"]["handle"], "alice");
  auto unknown =
      testing::Run({testing::KinoraBinary(), "admin", "api-key", "create", "--name", "x", "--user",
                    "nobody", "--data-dir", dir_.path() + "/data", "--db", db_});
  EXPECT_NE(unknown.exit_code, 0);
  EXPECT_NE(unknown.err.find("nobody"), std::string::npos) << unknown.err;
  auto missing = testing::Run({testing::KinoraBinary(), "admin", "api-key", "create"});
  EXPECT_EQ(missing.exit_code, 2) << missing.err;
}

TEST_P(SocialApiTest, WaitlistAndAdministration) {
  Member admin = SignUp("admin");
  Member member = SignUp("member", InviteOf(admin));
  auto joined = Api("POST", "/api/waitlist", {{"email", "Pat@Example.com"}, {"country", "de"}});
  ASSERT_EQ(joined.status, 201) << joined.body;
  const std::string id = joined.Json()["id"];
  EXPECT_EQ(joined.Json()["status"], "waiting");
  ExpectError(Api("POST", "/api/waitlist", {{"email", "pat@example.com"}, {"country", "DE"}}), 409,
              "email");
  ExpectError(Api("POST", "/api/waitlist", {{"email", "not-an-email"}, {"country", "DE"}}), 400,
              "email");
  // Only administrators see and admit the waitlist.
  ExpectError(Api("GET", "/api/admin/waitlist", nullptr, &member), 403);
  ExpectError(Api("POST", "/api/admin/waitlist/" + id + "/admit", nullptr, &member), 403);
  ExpectError(Api("POST", "/api/admin/invites", {{"count", 2}}, &member), 403);
  auto list = Api("GET", "/api/admin/waitlist?status=waiting", nullptr, &admin).Json();
  ASSERT_EQ(list["data"].size(), 1u);
  EXPECT_EQ(list["data"][0]["email"], "pat@example.com");
  auto admitted = Api("POST", "/api/admin/waitlist/" + id + "/admit", nullptr, &admin);
  ASSERT_EQ(admitted.status, 200) << admitted.body;
  const std::string code = admitted.Json()["invite_code"];
  EXPECT_EQ(Api("GET", "/api/waitlist/" + id).Json()["invite_code"], code);
  ExpectError(Api("POST", "/api/admin/waitlist/" + id + "/admit", nullptr, &admin), 409);
  SignUp("pat", code);
  auto made = Api("POST", "/api/admin/invites", {{"count", 3}}, &admin);
  EXPECT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.Json()["data"].size(), 3u);
  ExpectError(Api("POST", "/api/admin/invites", {{"count", 0}}, &admin), 400, "count");

  // The same from the command line.
  auto codes = testing::Run({testing::KinoraBinary(), "admin", "invite", "create", "--count", "2",
                             "--data-dir", dir_.path() + "/data", "--db", db_});
  ASSERT_EQ(codes.exit_code, 0) << codes.err;
  EXPECT_EQ(std::count(codes.out.begin(), codes.out.end(), '\n'), 2);
  SignUp("cli.invited", codes.out.substr(0, codes.out.find('\n')));
  Api("POST", "/api/waitlist", {{"email", "sam@example.com"}, {"country", "US"}});
  auto admit = testing::Run({testing::KinoraBinary(), "admin", "waitlist", "admit",
                             "sam@example.com", "--data-dir", dir_.path() + "/data", "--db", db_});
  ASSERT_EQ(admit.exit_code, 0) << admit.err;
  EXPECT_NE(admit.out.find("sam@example.com"), std::string::npos);
}

TEST_P(SocialApiTest, FollowsBlocksAndMutes) {
  Member alice = SignUp("alice");
  Member bob = SignUp("bob", InviteOf(alice, 0));
  Member carol = SignUp("carol", InviteOf(alice, 1));

  EXPECT_EQ(Api("POST", "/api/users/alice/follow", nullptr, &bob).Json()["changed"], true);
  EXPECT_EQ(Api("POST", "/api/users/ALICE/follow", nullptr, &bob).Json()["changed"], false);
  EXPECT_EQ(Api("POST", "/api/users/bob/follow", nullptr, &alice).status, 200);
  EXPECT_EQ(Api("POST", "/api/users/alice/follow", nullptr, &carol).status, 200);
  ExpectError(Api("POST", "/api/users/alice/follow", nullptr, &alice), 400, "handle");
  ExpectError(Api("POST", "/api/users/nobody/follow", nullptr, &alice), 404);

  auto profile = Api("GET", "/api/users/alice", nullptr, &bob).Json();
  EXPECT_EQ(profile["follower_count"], 2);
  EXPECT_EQ(profile["relationship"]["following"], true);
  EXPECT_EQ(profile["relationship"]["followed_by"], true);
  auto mutuals = Api("GET", "/api/users/alice/mutuals", nullptr, &alice).Json();
  ASSERT_EQ(mutuals["data"].size(), 1u);
  EXPECT_EQ(mutuals["data"][0]["handle"], "bob");
  // Pages chain through opaque cursors.
  auto first = Api("GET", "/api/users/alice/followers?limit=1", nullptr, &alice).Json();
  ASSERT_EQ(first["data"].size(), 1u);
  ASSERT_TRUE(first["has_more"].get<bool>());
  auto second =
      Api("GET",
          "/api/users/alice/followers?limit=1&after=" + first["next_cursor"].get<std::string>(),
          nullptr, &alice)
          .Json();
  ASSERT_EQ(second["data"].size(), 1u);
  EXPECT_NE(first["data"][0]["handle"], second["data"][0]["handle"]);
  EXPECT_FALSE(second["has_more"].get<bool>());
  ExpectError(Api("GET", "/api/users/alice/followers?after=@@@", nullptr, &alice), 400, "after");
  ExpectError(Api("GET", "/api/users/alice/followers?limit=0", nullptr, &alice), 400, "limit");
  ExpectError(Api("GET", "/api/users/alice/followers?limit=101", nullptr, &alice), 400, "limit");

  // Alice gets a notification per new follower.
  auto notes = Api("GET", "/api/notifications", nullptr, &alice).Json();
  EXPECT_EQ(notes["unread_count"], 2);
  EXPECT_EQ(notes["data"][0]["kind"], "follow");

  // A block removes follows both ways and hides each from the other.
  EXPECT_EQ(Api("POST", "/api/users/bob/block", nullptr, &alice).status, 200);
  EXPECT_EQ(Api("GET", "/api/users/alice", nullptr, &carol).Json()["follower_count"], 1);
  ExpectError(Api("GET", "/api/users/alice", nullptr, &bob), 404);
  ExpectError(Api("GET", "/api/users/bob", nullptr, &alice), 404);
  ExpectError(Api("POST", "/api/users/alice/follow", nullptr, &bob), 404);
  ExpectError(Api("GET", "/api/users/alice/followers", nullptr, &bob), 404);
  auto blocked = Api("GET", "/api/me/blocked", nullptr, &alice).Json();
  ASSERT_EQ(blocked["data"].size(), 1u);
  EXPECT_EQ(blocked["data"][0]["handle"], "bob");
  ExpectError(Api("GET", "/api/users/alice/followers", nullptr, &bob), 404);
  EXPECT_EQ(Api("DELETE", "/api/users/bob/block", nullptr, &alice).status, 200);
  EXPECT_EQ(Api("GET", "/api/users/alice", nullptr, &bob).status, 200);

  // A muted member's actions do not notify.
  EXPECT_EQ(Api("POST", "/api/users/carol/mute", nullptr, &alice).status, 200);
  EXPECT_EQ(Api("POST", "/api/notifications/read", json::object(), &alice).Json()["marked"], 2);
  Api("DELETE", "/api/users/alice/follow", nullptr, &carol);
  Api("POST", "/api/users/alice/follow", nullptr, &carol);
  EXPECT_EQ(Api("GET", "/api/notifications?unread=true", nullptr, &alice).Json()["data"].size(),
            0u);
  Api("POST", "/api/users/alice/follow", nullptr, &bob);
  EXPECT_EQ(Api("GET", "/api/notifications?unread=true", nullptr, &alice).Json()["data"].size(),
            1u);
}

TEST_P(SocialApiTest, VideosFromGenerationsKeepTheirPrivacyRules) {
  Member alice = SignUp("alice");
  Member bob = SignUp("bob", InviteOf(alice, 0));
  Member carol = SignUp("carol", InviteOf(alice, 1));
  json draft = MakeDraft(alice);
  ASSERT_TRUE(draft.contains("id")) << draft;
  const std::string id = draft["id"];
  const std::string gen = draft["generation_id"];
  EXPECT_EQ(draft["visibility"], "draft");
  EXPECT_EQ(draft["can_edit"], true);

  // A draft does not exist for anyone else, through /api or /v1.
  ExpectError(Api("GET", "/api/videos/" + id, nullptr, &bob), 404);
  ExpectError(Api("GET", "/api/videos/" + id + "/content", nullptr, &bob), 404);
  ExpectError(Api("GET", "/v1/videos/" + gen, nullptr, &bob), 404);
  ExpectError(Api("GET", "/api/users/alice/videos?shelf=drafts", nullptr, &bob), 403);
  ExpectError(Api("POST", "/api/videos/" + id + "/like", nullptr, &bob), 404);
  EXPECT_EQ(
      Api("GET", "/api/users/alice/videos?shelf=drafts", nullptr, &alice).Json()["data"].size(),
      1u);
  auto generation_note = Api("GET", "/api/notifications", nullptr, &alice).Json()["data"][0];
  EXPECT_EQ(generation_note["kind"], "generation");
  EXPECT_EQ(generation_note["video_id"], id);

  // Posted, it is everyone's to watch, like and discuss; only Alice edits it.
  ExpectError(Api("PATCH", "/api/videos/" + id, {{"visibility", "public"}}, &alice), 400,
              "visibility");
  ExpectError(Api("PATCH", "/api/videos/" + id, {{"visibility", "posted"}}, &bob), 404);
  auto posted =
      Api("PATCH", "/api/videos/" + id,
          {{"visibility", "posted"}, {"caption", "Dinner"}, {"tags", {"#Cats", "food"}}}, &alice);
  ASSERT_EQ(posted.status, 200) << posted.body;
  EXPECT_EQ(posted.Json()["tags"], json({"cats", "food"}));
  ExpectError(Api("PATCH", "/api/videos/" + id, {{"tags", {"no spaces please"}}}, &alice), 400,
              "tags");
  ExpectError(Api("PATCH", "/api/videos/" + id, {{"tags", "cats"}}, &alice), 400, "tags");
  EXPECT_EQ(Api("GET", "/api/users/alice", nullptr, &bob).Json()["video_count"], 1);
  ExpectError(Api("PATCH", "/api/videos/" + id, {{"caption", "mine"}}, &bob), 403);
  auto content = Api("GET", "/api/videos/" + id + "/content", nullptr, &bob);
  EXPECT_EQ(content.status, 200);
  EXPECT_GT(content.body.size(), 1000u);
  EXPECT_EQ(Api("POST", "/api/videos/" + id + "/view", nullptr, &bob).status, 204);
  auto liked = Api("POST", "/api/videos/" + id + "/like", nullptr, &bob).Json();
  EXPECT_EQ(liked["like_count"], 1);
  EXPECT_EQ(Api("POST", "/api/videos/" + id + "/like", nullptr, &bob).Json()["like_count"], 1);
  auto comment = Api("POST", "/api/videos/" + id + "/comments", {{"body", "Lovely cat"}}, &bob);
  ASSERT_EQ(comment.status, 201) << comment.body;
  const std::string comment_id = comment.Json()["id"];
  ExpectError(Api("POST", "/api/videos/" + id + "/comments", {{"body", "   "}}, &bob), 400, "body");
  ExpectError(
      Api("POST", "/api/videos/" + id + "/comments", {{"body", std::string(1001, 'x')}}, &bob), 400,
      "body");
  auto video = Api("GET", "/api/videos/" + id, nullptr, &carol).Json();
  EXPECT_EQ(video["like_count"], 1);
  EXPECT_EQ(video["comment_count"], 1);
  EXPECT_EQ(video["view_count"], 1);
  EXPECT_EQ(video["can_delete"], false);
  auto liked_shelf = Api("GET", "/api/users/bob/videos?shelf=liked", nullptr, &bob).Json();
  ASSERT_EQ(liked_shelf["data"].size(), 1u);
  EXPECT_EQ(liked_shelf["data"][0]["liked"], true);
  EXPECT_EQ(Api("GET", "/api/users/alice/videos", nullptr, &carol).Json()["data"][0]["liked"],
            false);
  EXPECT_EQ(Api("GET", "/api/users/alice/videos", nullptr, &bob).Json()["data"][0]["liked"], true);
  ExpectError(Api("GET", "/api/users/bob/videos?shelf=liked", nullptr, &alice), 403);
  ExpectError(Api("GET", "/api/users/bob/videos?shelf=secret", nullptr, &bob), 400, "shelf");

  // Kinds of notification Alice received: like and comment from Bob.
  std::set<std::string> kinds;
  auto alice_notes = Api("GET", "/api/notifications", nullptr, &alice);
  const json notes = alice_notes.Json();
  for (const auto& n : notes["data"]) kinds.insert(n["kind"].get<std::string>());
  EXPECT_TRUE(kinds.count("like") && kinds.count("comment")) << alice_notes.body;

  // Comments: Carol may not delete Bob's; Alice (the owner) may.
  ExpectError(Api("DELETE", "/api/comments/" + comment_id, nullptr, &carol), 403);
  ExpectError(Api("DELETE", "/api/videos/" + id, nullptr, &bob), 403);
  EXPECT_EQ(Api("DELETE", "/api/comments/" + comment_id, nullptr, &alice).status, 204);
  ExpectError(Api("DELETE", "/api/comments/" + comment_id, nullptr, &alice), 404);

  // Blocked members do not see each other's videos.
  Api("POST", "/api/users/carol/block", nullptr, &alice);
  ExpectError(Api("GET", "/api/videos/" + id, nullptr, &carol), 404);
  ExpectError(Api("GET", "/api/users/alice/videos", nullptr, &carol), 404);

  // Deleting removes the video everywhere, media included.
  size_t blobs_before = 0;
  for (auto& e :
       std::filesystem::recursive_directory_iterator(dir_.path() + "/data/blobs/sha256")) {
    blobs_before += e.is_regular_file();
  }
  EXPECT_EQ(Api("DELETE", "/api/videos/" + id, nullptr, &alice).status, 204);
  ExpectError(Api("GET", "/api/videos/" + id, nullptr, &alice), 404);
  ExpectError(Api("GET", "/v1/videos/" + gen + "/content", nullptr, &alice), 404);
  ExpectError(Api("GET", "/v1/videos/" + gen + "/content?variant=thumbnail", nullptr, &alice), 404);
  size_t blobs_after = 0;
  for (auto& e :
       std::filesystem::recursive_directory_iterator(dir_.path() + "/data/blobs/sha256")) {
    blobs_after += e.is_regular_file();
  }
  EXPECT_EQ(blobs_after + 3, blobs_before);  // the MP4, its thumbnail and its spritesheet
  EXPECT_EQ(Api("GET", "/api/users/alice", nullptr, &bob).Json()["video_count"], 0);
}

// Reads a Server-Sent Events stream until `needle` arrives or the time runs out.
std::string ReadStream(int port, const std::string& cookie, const std::string& last_event_id,
                       const std::string& needle, std::atomic<bool>* connected, int timeout_s) {
  namespace asio = boost::asio;
  asio::io_context ioc;
  asio::ip::tcp::socket socket(ioc);
  socket.connect({asio::ip::make_address("127.0.0.1"), static_cast<uint16_t>(port)});
  std::string request =
      "GET /api/notifications/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: "
      "kn_session=" +
      cookie + "\r\n";
  if (!last_event_id.empty()) request += "Last-Event-ID: " + last_event_id + "\r\n";
  request += "\r\n";
  asio::write(socket, asio::buffer(request));
  std::string got;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  socket.non_blocking(true);
  while (std::chrono::steady_clock::now() < deadline && got.find(needle) == std::string::npos) {
    char buf[4096];
    boost::system::error_code ec;
    const size_t n = socket.read_some(asio::buffer(buf), ec);
    if (ec == asio::error::would_block) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      continue;
    }
    if (ec) break;
    got.append(buf, n);
    if (connected && got.find("connected") != std::string::npos) *connected = true;
  }
  return got;
}

TEST_P(SocialApiTest, NotificationsArriveLiveOverServerSentEvents) {
  Member alice = SignUp("alice");
  Member bob = SignUp("bob", InviteOf(alice));
  std::atomic<bool> connected{false};
  std::string stream;
  std::thread reader(
      [&] { stream = ReadStream(port_, alice.cookie, "", "event: notification", &connected, 60); });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!connected && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(connected.load());
  EXPECT_EQ(Api("POST", "/api/users/alice/follow", nullptr, &bob).status, 200);
  reader.join();
  EXPECT_NE(stream.find("text/event-stream"), std::string::npos) << stream;
  EXPECT_NE(stream.find("event: notification"), std::string::npos) << stream;
  EXPECT_NE(stream.find("\"kind\":\"follow\""), std::string::npos) << stream;
  EXPECT_NE(stream.find("\"handle\":\"bob\""), std::string::npos) << stream;

  // A reconnecting client gets what it missed after its Last-Event-ID.
  Api("DELETE", "/api/users/alice/follow", nullptr, &bob);
  Member carol = SignUp("carol", InviteOf(alice, 1));
  Api("POST", "/api/users/alice/follow", nullptr, &carol);
  const std::string replay = ReadStream(port_, alice.cookie, "1", "carol", nullptr, 30);
  EXPECT_NE(replay.find("\"handle\":\"carol\""), std::string::npos) << replay;
  EXPECT_EQ(replay.find("\"handle\":\"bob\""), std::string::npos) << replay;
  ExpectError(Api("GET", "/api/notifications/stream"), 401);
}

TEST_P(SocialApiTest, KilledServerKeepsEveryCommittedWrite) {
  Member alice = SignUp("alice");
  // Make a crowd of members (each with an invite from the previous ones).
  std::vector<Member> crowd;
  std::vector<std::string> codes;
  for (int i = 0; i < 4; ++i) codes.push_back(InviteOf(alice, static_cast<size_t>(i)));
  for (int i = 0; i < 4; ++i) crowd.push_back(SignUp("member" + std::to_string(i), codes[i]));

  // Writers follow and unfollow, comment and edit their bios while the server is SIGKILLed.
  std::atomic<bool> stop{false};
  std::mutex mu;
  std::map<std::string, bool> following;    // handle → last acknowledged state of "follows alice"
  std::map<std::string, std::string> bios;  // last acknowledged bio
  std::vector<std::thread> writers;
  for (const auto& m : crowd) {
    writers.emplace_back([&, m] {
      for (int i = 0; !stop; ++i) {
        const bool follow = i % 2 == 0;
        auto r = Api(follow ? "POST" : "DELETE", "/api/users/alice/follow", nullptr, &m);
        if (r.status == 200) {
          std::lock_guard lock(mu);
          following[m.handle] = follow;
        }
        const std::string bio = "bio number " + std::to_string(i);
        auto b = Api("PATCH", "/api/me", {{"bio", bio}}, &m);
        if (b.status == 200) {
          std::lock_guard lock(mu);
          bios[m.handle] = bio;
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  server_->Signal(SIGKILL);
  server_->Wait(10000);
  stop = true;
  for (auto& t : writers) t.join();

  // The database is intact and holds every acknowledged write.
  if (sqlite()) {
    auto check = testing::Run(
        {"/usr/bin/sqlite3", dir_.path() + "/data/kinora.db", "PRAGMA integrity_check;"});
    EXPECT_EQ(check.out, "ok\n") << check.err;
  }
  Start();
  int expected_followers = 0;
  for (const auto& m : crowd) {
    auto me = Api("GET", "/api/me", nullptr, &m);
    ASSERT_EQ(me.status, 200) << me.body;
    if (bios.count(m.handle)) {
      // The last acknowledged bio, or a later one whose answer was cut off by the kill.
      const std::string bio = me.Json()["user"]["bio"];
      EXPECT_GE(std::stoi(bio.substr(11)), std::stoi(bios[m.handle].substr(11))) << m.handle;
    }
    auto rel = Api("GET", "/api/users/alice", nullptr, &m).Json()["relationship"];
    if (rel["following"].get<bool>()) ++expected_followers;
  }
  // Counters agree with the rows they count.
  auto profile = Api("GET", "/api/users/alice", nullptr, &alice).Json();
  EXPECT_EQ(profile["follower_count"], expected_followers);
  auto followers = Api("GET", "/api/users/alice/followers", nullptr, &alice).Json();
  EXPECT_EQ(static_cast<int>(followers["data"].size()), expected_followers);
  EXPECT_FALSE(following.empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, SocialApiTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace kinora
