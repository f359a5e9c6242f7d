// Secrets: Argon2id password hashes (libsodium), random tokens, and the
// SHA-256 digests under which session tokens and API keys are stored (the
// tokens themselves are never stored). Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace kinora::social {

struct PasswordCost {
  unsigned long long ops;  // Argon2id passes
  size_t memory_bytes;
  // libsodium's interactive preset (2 passes, 64 MiB): ~0.1 s on one core.
  static PasswordCost Interactive();
  // The smallest cost libsodium allows; for tests that sign up many members.
  static PasswordCost Minimum();
};

// Must be called once before hashing (initializes libsodium); idempotent.
core::Status InitCredentials();

core::Result<std::string> HashPassword(std::string_view password, const PasswordCost& cost);
bool VerifyPassword(std::string_view password, const std::string& hash);
// True when the hash was made with a cost below `cost` (rehash on next sign-in).
bool PasswordNeedsRehash(const std::string& hash, const PasswordCost& cost);

// `bytes` random bytes as unpadded base64url (URL- and cookie-safe).
std::string RandomToken(size_t bytes);
// `length` random characters from [a-z0-9], for invite codes people type.
std::string RandomCode(size_t length);
// Lowercase hex SHA-256.
std::string Sha256Hex(std::string_view data);
// Constant-time comparison.
bool SecureEquals(std::string_view a, std::string_view b);

}  // namespace kinora::social
