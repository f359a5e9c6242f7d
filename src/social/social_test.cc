// The social domain's rules: field validation, secrets, sign-in throttling,
// and the account service's joining and authentication on a real SQLite store.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "social/accounts.h"
#include "social/credentials.h"
#include "social/throttle.h"
#include "social/validation.h"

namespace kinora::social {
namespace {

constexpr int64_t kNow = 1'795'000'000'000;  // 2026-11-18 11:06 UTC

TEST(ValidationTest, HandlesAreLowercasedAndLimited) {
  EXPECT_EQ(*NormalizeHandle("Alice.B_9"), "alice.b_9");
  EXPECT_TRUE(NormalizeHandle("abc").ok());
  EXPECT_TRUE(NormalizeHandle(std::string(30, 'a')).ok());
  for (std::string bad : {std::string("ab"), std::string(31, 'a'), std::string("a b c"),
                          std::string("émile"), std::string("x-y-z"), std::string("")}) {
    auto r = NormalizeHandle(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().detail, "handle");
  }
}

TEST(ValidationTest, BirthdatesAreRealPastDatesOfThirteenYearOlds) {
  EXPECT_TRUE(ValidateBirthdate("2000-02-29", kNow).ok());  // a leap day
  EXPECT_FALSE(ValidateBirthdate("2001-02-29", kNow).ok());
  EXPECT_FALSE(ValidateBirthdate("1990-13-01", kNow).ok());
  EXPECT_FALSE(ValidateBirthdate("1990-1-01", kNow).ok());
  EXPECT_FALSE(ValidateBirthdate("2027-01-01", kNow).ok());
  EXPECT_FALSE(ValidateBirthdate("2014-01-01", kNow).ok());  // twelve
  EXPECT_TRUE(ValidateBirthdate("2013-11-18", kNow).ok());   // thirteen today
  EXPECT_FALSE(ValidateBirthdate("2013-11-19", kNow).ok());  // thirteen tomorrow
  EXPECT_EQ(AgeOn("2008-11-18", kNow), 18);
  EXPECT_EQ(AgeOn("2008-11-19", kNow), 17);
}

TEST(ValidationTest, TextFields) {
  EXPECT_EQ(*ValidateDisplayName("  Zoë 🐈  "), "Zoë 🐈");
  EXPECT_FALSE(ValidateDisplayName("   ").ok());
  EXPECT_FALSE(ValidateDisplayName("tab\there").ok());
  EXPECT_FALSE(ValidateDisplayName("bad \xff utf8").ok());
  EXPECT_TRUE(ValidateDisplayName(std::string(50, 'x')).ok());
  EXPECT_FALSE(ValidateDisplayName(std::string(51, 'x')).ok());
  EXPECT_TRUE(ValidateBio("line one\nline two").ok());
  EXPECT_FALSE(ValidateBio(std::string(301, 'b')).ok());
  EXPECT_EQ(*NormalizeCountry("fr"), "FR");
  EXPECT_FALSE(NormalizeCountry("FRA").ok());
  EXPECT_FALSE(NormalizeCountry("ZZ").ok());  // not an assigned code
  EXPECT_FALSE(NormalizeCountry("RA").ok());  // letters straddling two codes
  EXPECT_EQ(*NormalizeCountry("zw"), "ZW");
  EXPECT_EQ(*NormalizeCountry("AD"), "AD");
  EXPECT_EQ(*NormalizeEmail(" Pat@Example.COM "), "pat@example.com");
  for (const char* bad : {"pat", "@example.com", "pat@", "pat@example", "a@b@c.d", "p t@x.io"}) {
    EXPECT_FALSE(NormalizeEmail(bad).ok()) << bad;
  }
  EXPECT_EQ(*NormalizeTag("#Cats_2"), "cats_2");
  EXPECT_FALSE(NormalizeTag("two words").ok());
  EXPECT_FALSE(ValidatePassword("1234567").ok());
  EXPECT_TRUE(ValidatePassword("12345678").ok());
}

TEST(CredentialsTest, Argon2idHashesVerifyOnlyTheirPassword) {
  ASSERT_TRUE(InitCredentials().ok());
  auto hash = HashPassword("correct horse", PasswordCost::Minimum());
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u) << *hash;
  EXPECT_TRUE(VerifyPassword("correct horse", *hash));
  EXPECT_FALSE(VerifyPassword("correct horse ", *hash));
  EXPECT_FALSE(VerifyPassword("correct horse", ""));
  EXPECT_NE(*hash, *HashPassword("correct horse", PasswordCost::Minimum()));  // salted
  EXPECT_TRUE(PasswordNeedsRehash(*hash, PasswordCost::Interactive()));
  EXPECT_FALSE(PasswordNeedsRehash(*hash, PasswordCost::Minimum()));
}

TEST(CredentialsTest, TokensAndDigests) {
  const std::string a = RandomToken(32), b = RandomToken(32);
  EXPECT_EQ(a.size(), 43u);  // 32 bytes, unpadded base64url
  EXPECT_NE(a, b);
  EXPECT_EQ(a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
  EXPECT_EQ(RandomCode(10).size(), 10u);
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_TRUE(SecureEquals("same", "same"));
  EXPECT_FALSE(SecureEquals("same", "sane"));
  EXPECT_FALSE(SecureEquals("same", "sam"));
}

TEST(ThrottleTest, RefusesPastTheLimitUntilTheWindowMoves) {
  LoginThrottle t(3, 60'000);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(t.RetryAfterSeconds("k", 1000 + i), 0);
    t.RecordFailure("k", 1000 + i);
  }
  EXPECT_EQ(t.RetryAfterSeconds("k", 2000), 59);
  EXPECT_EQ(t.RetryAfterSeconds("other", 2000), 0);
  EXPECT_EQ(t.RetryAfterSeconds("k", 60'999), 1);
  EXPECT_EQ(t.RetryAfterSeconds("k", 61'000), 0);  // the oldest failure left the window
  t.Clear("k");
  EXPECT_EQ(t.RetryAfterSeconds("k", 61'001), 0);
}

TEST(RateLimiterTest, AllowsABurstThenRefillsAtTheRate) {
  RateLimiter r(60, 3);  // one a second, bursts of three
  for (int i = 0; i < 3; ++i) {
    auto d = r.Take("k", 10'000);
    EXPECT_TRUE(d.allowed);
    EXPECT_EQ(d.remaining, 2 - i);
  }
  auto refused = r.Take("k", 10'000);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after_seconds, 1);
  EXPECT_TRUE(r.Take("other", 10'000).allowed);  // keys are independent
  EXPECT_FALSE(r.Take("k", 10'500).allowed);     // half a token back
  EXPECT_TRUE(r.Take("k", 11'000).allowed);
  // A long pause refills to the burst, never beyond it.
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(r.Take("k", 500'000).allowed);
  EXPECT_FALSE(r.Take("k", 500'000).allowed);
}

TEST(RateLimiterTest, ZeroTurnsItOff) {
  RateLimiter r(0, 1);
  EXPECT_FALSE(r.enabled());
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(r.Take("k", 0).allowed);
}

class AccountServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("kinora_social_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    auto s = store::OpenStore("sqlite:" + (dir_ / "k.db").string());
    ASSERT_TRUE(s.ok());
    store_ = std::move(s).value();
    ASSERT_TRUE(store_->Migrate().ok());
    AccountOptions options;
    options.password_cost = PasswordCost::Minimum();
    options.max_failures_per_account = 2;
    accounts_ = std::make_unique<AccountService>(*store_, clock_, options);
  }
  void TearDown() override {
    accounts_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  SignUpRequest Request(const std::string& handle, const std::string& code = "") {
    return {handle, handle, "long enough", "1990-01-01", "fr", code, "test", "127.0.0.1"};
  }

  std::filesystem::path dir_;
  core::FakeClock clock_{kNow};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<AccountService> accounts_;
};

TEST_F(AccountServiceTest, SessionsAndKeysAuthenticateUntilEndedAndStoreOnlyDigests) {
  auto alice = accounts_->SignUp(Request("alice"));
  ASSERT_TRUE(alice.ok()) << alice.error().ToString();
  EXPECT_NE(alice->session.id, alice->token);
  EXPECT_EQ(alice->session.id, Sha256Hex(alice->token));
  auto who = accounts_->AuthenticateSession(alice->token);
  ASSERT_TRUE(who.ok());
  EXPECT_EQ(who->user_id(), alice->user.id);
  EXPECT_TRUE(who->is_admin());

  auto key = accounts_->CreateApiKey(*who, "laptop");
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(key->secret.rfind("kn_", 0), 0u);
  EXPECT_EQ(key->key.key_hash, Sha256Hex(key->secret));
  ASSERT_TRUE(accounts_->AuthenticateApiKey(key->secret).ok());
  EXPECT_EQ(accounts_->AuthenticateApiKey(key->secret + "x").error().code,
            core::ErrorCode::kUnauthenticated);
  ASSERT_TRUE(accounts_->RevokeApiKey(*who, key->key.id).ok());
  EXPECT_EQ(accounts_->AuthenticateApiKey(key->secret).error().code,
            core::ErrorCode::kUnauthenticated);

  // Sessions slide with use and expire when left alone.
  clock_.Advance(accounts_->session_ttl_ms() - 1000);
  ASSERT_TRUE(accounts_->AuthenticateSession(alice->token).ok());  // slides the expiry
  clock_.Advance(accounts_->session_ttl_ms() - 1000);
  ASSERT_TRUE(accounts_->AuthenticateSession(alice->token).ok());
  clock_.Advance(accounts_->session_ttl_ms() + 1);
  EXPECT_EQ(accounts_->AuthenticateSession(alice->token).error().code,
            core::ErrorCode::kUnauthenticated);
}

TEST_F(AccountServiceTest, ThrottlesFailedSignInsPerAccount) {
  ASSERT_TRUE(accounts_->SignUp(Request("alice")).ok());
  EXPECT_EQ(accounts_->SignIn("alice", "wrong!!!", "", "1.1.1.1").error().code,
            core::ErrorCode::kUnauthenticated);
  EXPECT_EQ(accounts_->SignIn("nobody", "wrong!!!", "", "1.1.1.1").error().code,
            core::ErrorCode::kUnauthenticated);
  EXPECT_EQ(accounts_->SignIn("ALICE", "wrong!!!", "", "1.1.1.2").error().code,
            core::ErrorCode::kUnauthenticated);
  auto refused = accounts_->SignIn("alice", "long enough", "", "1.1.1.3");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, core::ErrorCode::kResourceExhausted);
  EXPECT_EQ(refused.error().detail, "900");  // 15 minutes
  clock_.Advance(15 * 60 * 1000);
  EXPECT_TRUE(accounts_->SignIn("alice", "long enough", "", "1.1.1.3").ok());
}

TEST_F(AccountServiceTest, OneInviteLetsInOneMemberUnderConcurrency) {
  auto admin = accounts_->SignUp(Request("admin"));
  ASSERT_TRUE(admin.ok());
  auto invites = store_->ListInvites(admin->user.id);
  ASSERT_TRUE(invites.ok());
  ASSERT_EQ(invites->size(), 4u);
  const std::string code = (*invites)[0].code;
  std::atomic<int> joined{0}, refused{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back([&, i] {
      auto r = accounts_->SignUp(Request("racer" + std::to_string(i), code));
      if (r.ok()) {
        ++joined;
      } else if (r.error().detail == "invite_code") {
        ++refused;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(joined.load(), 1);
  EXPECT_EQ(refused.load(), 5);
  EXPECT_EQ(*store_->CountUsers(), 2);
}

TEST_F(AccountServiceTest, RegionsAndOpenInstallations) {
  AccountOptions options;
  options.password_cost = PasswordCost::Minimum();
  options.allowed_countries = {"FR", "DE"};
  options.invites_required = false;
  AccountService open(*store_, clock_, options);
  ASSERT_TRUE(open.SignUp(Request("first")).ok());
  ASSERT_TRUE(open.SignUp(Request("second")).ok());  // no invite needed
  auto us = Request("third");
  us.country = "us";
  auto refused = open.SignUp(us);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(refused.error().detail, "country");
  EXPECT_NE(refused.error().message.find("US"), std::string::npos);
}

}  // namespace
}  // namespace kinora::social
