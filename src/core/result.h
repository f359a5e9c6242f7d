// Result<T>: either a value or a core::Error.
//
//   Result<Storyboard> r = Plan(prompt);
//   if (!r) return r.error();
//   Use(*r);
//
// Result<void> (alias Status) carries only success or an Error.
#pragma once

#include <cassert>
#include <type_traits>
#include <utility>
#include <variant>

#include "core/error.h"

namespace kinora::core {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(v_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const {
    assert(!ok());
    return std::get<1>(v_);
  }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const {
    assert(!ok_);
    return error_;
  }

 private:
  Error error_;
  bool ok_ = true;
};

using Status = Result<void>;

inline Status Ok() { return {}; }

}  // namespace kinora::core

// Propagates an error from an expression that yields a Result/Status.
#define KINORA_RETURN_IF_ERROR(expr)                    \
  do {                                                  \
    auto kinora_status_ = (expr);                       \
    if (!kinora_status_) return kinora_status_.error(); \
  } while (0)

#define KINORA_CONCAT_INNER_(a, b) a##b
#define KINORA_CONCAT_(a, b) KINORA_CONCAT_INNER_(a, b)
// KINORA_ASSIGN_OR_RETURN(auto x, MakeX()); declares x from a Result or returns its error.
#define KINORA_ASSIGN_OR_RETURN(lhs, expr) \
  KINORA_ASSIGN_OR_RETURN_IMPL_(KINORA_CONCAT_(kinora_result_, __LINE__), lhs, expr)
#define KINORA_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp) return tmp.error();                       \
  lhs = std::move(tmp).value()
