#include "store/postgres/database.h"

#include <libpq-fe.h>

#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <optional>
#include <thread>

#include "core/log.h"

namespace kinora::store::postgres {
namespace {

// libpq's messages span lines ("ERROR:  …\nDETAIL:  …"); errors carry one line.
std::string OneLine(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (char c : s) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

void ReplaceAll(std::string& s, std::string_view what, std::string_view with) {
  if (what.empty()) return;
  for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + with.size())) {
    s.replace(at, what.size(), with);
  }
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// Where a URL keeps a password: the userinfo of the authority and a
// `password=` query parameter. Returns [begin, end) ranges into `url`.
std::vector<std::pair<size_t, size_t>> PasswordRanges(std::string_view url) {
  std::vector<std::pair<size_t, size_t>> ranges;
  const size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return ranges;
  const size_t authority = scheme + 3;
  size_t authority_end = url.find_first_of("/?#", authority);
  if (authority_end == std::string_view::npos) authority_end = url.size();
  const size_t at = url.rfind('@', authority_end);
  if (at != std::string_view::npos && at >= authority) {
    const size_t colon = url.find(':', authority);
    if (colon != std::string_view::npos && colon < at) ranges.emplace_back(colon + 1, at);
  }
  const size_t query = url.find('?', authority);
  if (query != std::string_view::npos) {
    size_t param = query + 1;
    while (param < url.size()) {
      size_t end = url.find('&', param);
      if (end == std::string_view::npos) end = url.size();
      if (url.substr(param, end - param).starts_with("password=")) {
        ranges.emplace_back(param + 9, end);
      }
      param = end + 1;
    }
  }
  return ranges;
}

// Removes every spelling of the password from a message libpq may have
// built from the URL.
std::string Scrub(std::string message, std::string_view url, const char* password) {
  for (const auto& [begin, end] : PasswordRanges(url)) {
    const std::string_view raw = url.substr(begin, end - begin);
    ReplaceAll(message, raw, "***");
    ReplaceAll(message, PercentDecode(raw), "***");
  }
  if (password && *password) ReplaceAll(message, password, "***");
  return message;
}

void LogNotice(void*, const char* message) {
  core::LogWarn("PostgreSQL says", {{"message", OneLine(message ? message : "")}});
}

constexpr std::string_view kRetryableStates[] = {"40001", "40P01"};

}  // namespace

std::string RedactUrl(std::string_view url) {
  std::string out(url);
  auto ranges = PasswordRanges(url);
  for (auto it = ranges.rbegin(); it != ranges.rend(); ++it) {
    out.replace(it->first, it->second - it->first, "***");
  }
  return out;
}

std::string RewritePlaceholders(std::string_view sql, int* count) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  char quote = 0;  // ' or " while inside a literal or quoted identifier
  bool line_comment = false;
  bool block_comment = false;
  for (size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    const char next = i + 1 < sql.size() ? sql[i + 1] : '\0';
    if (quote) {
      if (c == quote) quote = 0;  // a doubled quote re-enters on the next character
    } else if (line_comment) {
      if (c == '\n') line_comment = false;
    } else if (block_comment) {
      if (c == '*' && next == '/') {
        block_comment = false;
        out += c;
        out += next;
        ++i;
        continue;
      }
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '-' && next == '-') {
      line_comment = true;
    } else if (c == '/' && next == '*') {
      block_comment = true;
    } else if (c == '?') {
      out += '$';
      out += std::to_string(++n);
      continue;
    }
    out += c;
  }
  if (count) *count = n;
  return out;
}

// One named server-side prepared statement and the result of its last run.
class Connection::Stmt final : public sql::Statement {
 public:
  Stmt(Connection* conn, std::string name, int params)
      : conn_(conn), name_(std::move(name)), params_(static_cast<size_t>(params)) {}
  ~Stmt() override { ClearResult(); }

  void Reset() {
    ClearResult();
    for (auto& p : params_) p.reset();
    bad_index_.reset();
    row_ = -1;
  }
  void ClearResult() {
    if (res_) PQclear(res_);
    res_ = nullptr;
    row_ = -1;
  }

  void BindText(int index, std::string_view value) override {
    if (auto* p = Param(index)) *p = std::string(value);
  }
  void BindInt(int index, int64_t value) override {
    if (auto* p = Param(index)) *p = std::to_string(value);
  }
  void BindNull(int index) override {
    if (auto* p = Param(index)) p->reset();
  }

  core::Result<bool> Step() override {
    if (!res_) KINORA_RETURN_IF_ERROR(Execute());
    if (row_ < PQntuples(res_)) ++row_;
    return row_ < PQntuples(res_);
  }

  core::Result<int64_t> Run() override {
    if (!res_) KINORA_RETURN_IF_ERROR(Execute());
    const char* tuples = PQcmdTuples(res_);
    int64_t changed = 0;
    if (tuples && *tuples) std::from_chars(tuples, tuples + std::strlen(tuples), changed);
    return changed;
  }

  std::string Text(int column) const override {
    if (!HasValue(column)) return {};
    return std::string(PQgetvalue(res_, row_, column),
                       static_cast<size_t>(PQgetlength(res_, row_, column)));
  }
  int64_t Int(int column) const override {
    if (!HasValue(column)) return 0;
    const char* v = PQgetvalue(res_, row_, column);
    const int length = PQgetlength(res_, row_, column);
    if (length == 1 && (v[0] == 't' || v[0] == 'f')) return v[0] == 't' ? 1 : 0;
    int64_t value = 0;
    std::from_chars(v, v + length, value);
    return value;
  }
  bool IsNull(int column) const override {
    return !InRow(column) || PQgetisnull(res_, row_, column) == 1;
  }

 private:
  std::optional<std::string>* Param(int index) {
    if (index < 0 || static_cast<size_t>(index) >= params_.size()) {
      bad_index_ = index;
      return nullptr;
    }
    return &params_[static_cast<size_t>(index)];
  }
  bool InRow(int column) const {
    return res_ && row_ >= 0 && row_ < PQntuples(res_) && column >= 0 && column < PQnfields(res_);
  }
  bool HasValue(int column) const { return InRow(column) && !PQgetisnull(res_, row_, column); }

  core::Status Execute() {
    if (bad_index_) {
      return core::Internal("query failed", "parameter " + std::to_string(*bad_index_) +
                                                " is out of range for " +
                                                std::to_string(params_.size()) + " placeholders");
    }
    std::vector<const char*> values;
    values.reserve(params_.size());
    for (const auto& p : params_) values.push_back(p ? p->c_str() : nullptr);
    res_ = PQexecPrepared(conn_->conn_, name_.c_str(), static_cast<int>(values.size()),
                          values.data(), nullptr, nullptr, /*resultFormat=*/0);
    const ExecStatusType status = PQresultStatus(res_);
    if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) return core::Ok();
    core::Error e = conn_->ErrorFor(res_, "query failed");
    ClearResult();
    return e;
  }

  Connection* conn_;
  std::string name_;
  std::vector<std::optional<std::string>> params_;  // nullopt is NULL
  std::optional<int> bad_index_;
  PGresult* res_ = nullptr;
  int row_ = -1;
};

Connection::Connection(PGconn* conn) : conn_(conn) {
  PQsetNoticeProcessor(conn_, LogNotice, nullptr);
}

Connection::~Connection() {
  cache_.clear();
  PQfinish(conn_);
}

core::Result<std::unique_ptr<Connection>> Connection::Open(const std::string& url) {
  // Keywords before dbname are defaults the URL may override.
  const char* keys[] = {"connect_timeout", "application_name", "client_encoding", "dbname",
                        nullptr};
  const char* values[] = {"10", "kinora", "UTF8", url.c_str(), nullptr};
  PGconn* raw = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
  const std::string what = "cannot connect to PostgreSQL at " + RedactUrl(url);
  if (!raw) return core::Unavailable(what, "out of memory");
  if (PQstatus(raw) != CONNECTION_OK) {
    std::string detail = Scrub(OneLine(PQerrorMessage(raw)), url, PQpass(raw));
    PQfinish(raw);
    return core::Unavailable(what, detail);
  }
  std::unique_ptr<Connection> conn(new Connection(raw));
  KINORA_RETURN_IF_ERROR(conn->Configure());
  return conn;
}

core::Status Connection::Configure() {
  return Exec("SET TIME ZONE 'UTC'; SET client_min_messages = warning");
}

bool Connection::broken() const { return PQstatus(conn_) != CONNECTION_OK; }

bool Connection::in_failed_transaction() const {
  return PQtransactionStatus(conn_) == PQTRANS_INERROR;
}

bool Connection::in_transaction() const {
  const PGTransactionStatusType s = PQtransactionStatus(conn_);
  return s == PQTRANS_INTRANS || s == PQTRANS_INERROR;
}

core::Status Connection::Reset() {
  used_.clear();
  cache_.clear();
  PQreset(conn_);
  if (broken()) {
    return core::Unavailable("cannot reconnect to PostgreSQL",
                             Scrub(OneLine(PQerrorMessage(conn_)), "", PQpass(conn_)));
  }
  return Configure();
}

core::Error Connection::ErrorFor(const PGresult* res, std::string_view what) {
  std::string state;
  std::string detail;
  if (res) {
    if (const char* s = PQresultErrorField(res, PG_DIAG_SQLSTATE)) state = s;
    // The primary message only: DETAIL lines quote row values.
    if (const char* m = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY)) detail = m;
  }
  if (detail.empty()) detail = PQerrorMessage(conn_);
  detail = OneLine(detail);

  if (broken() || state.starts_with("08")) {
    return core::Unavailable("the connection to PostgreSQL was lost", detail);
  }
  for (std::string_view retryable : kRetryableStates) {
    if (state == retryable) {
      retryable_ = true;
      return core::Unavailable(std::string(what) + ": conflict with a concurrent transaction",
                               detail);
    }
  }
  if (state == "23505") {
    return core::Error{core::ErrorCode::kAlreadyExists, std::string(what) + ": already exists",
                       detail};
  }
  if (state.starts_with("23")) {
    return core::Error{core::ErrorCode::kFailedPrecondition,
                       std::string(what) + ": constraint failed", detail};
  }
  return core::Internal(std::string(what), detail);
}

core::Status Connection::Exec(std::string_view script) {
  PGresult* res = PQexec(conn_, std::string(script).c_str());
  const ExecStatusType status = PQresultStatus(res);
  core::Status out;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_EMPTY_QUERY) {
    out = ErrorFor(res, "statement failed");
  }
  PQclear(res);
  return out;
}

core::Result<sql::Statement*> Connection::Prepare(std::string_view sql) {
  auto it = cache_.find(std::string(sql));
  if (it != cache_.end()) {
    it->second->Reset();
    used_.push_back(it->second.get());
    return static_cast<sql::Statement*>(it->second.get());
  }
  int params = 0;
  const std::string text = RewritePlaceholders(sql, &params);
  std::string name = "kinora_" + std::to_string(++next_statement_);
  PGresult* res = PQprepare(conn_, name.c_str(), text.c_str(), 0, nullptr);
  if (PQresultStatus(res) != PGRES_COMMAND_OK) {
    core::Error e = ErrorFor(res, "cannot prepare statement");
    PQclear(res);
    return e;
  }
  PQclear(res);
  auto owned = std::make_unique<Stmt>(this, std::move(name), params);
  Stmt* raw = owned.get();
  cache_.emplace(std::string(sql), std::move(owned));
  used_.push_back(raw);
  return static_cast<sql::Statement*>(raw);
}

void Connection::ReleaseResults() {
  for (Stmt* s : used_) s->ClearResult();
  used_.clear();
}

namespace {

// How many times Write runs a transaction that keeps losing conflicts.
constexpr int kWriteAttempts = 4;

class PostgresPool final : public sql::Pool {
 public:
  explicit PostgresPool(std::vector<std::unique_ptr<Connection>> connections)
      : connections_(std::move(connections)) {
    for (auto& c : connections_) free_.push_back(c.get());
  }

  const sql::Dialect& dialect() const override { return PostgresDialect(); }

  core::Status Read(const std::function<core::Status(sql::Connection&)>& fn) override {
    Lease lease(*this);
    core::Status s = fn(lease.connection());
    if (lease.connection().in_transaction()) (void)lease.connection().Exec("ROLLBACK");
    return s;
  }

  core::Status Write(const std::function<core::Status(sql::Connection&)>& fn) override {
    Lease lease(*this);
    for (int attempt = 1;; ++attempt) {
      bool retry = false;
      core::Status s = Transaction(lease.connection(), fn, retry);
      if (s || !retry || attempt == kWriteAttempts) return s;
      lease.Heal();
      std::this_thread::sleep_for(std::chrono::milliseconds(5 * attempt));
    }
  }

 private:
  // A borrowed connection, returned (its results freed, reconnected if
  // broken) when the lease ends.
  class Lease {
   public:
    explicit Lease(PostgresPool& pool) : pool_(pool), conn_(pool.Borrow()) {}
    ~Lease() {
      Heal();
      pool_.Return(conn_);
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Connection& connection() { return *conn_; }
    void Heal() {
      conn_->ReleaseResults();
      if (!conn_->broken()) return;
      if (core::Status s = conn_->Reset(); !s) {
        core::LogWarn("cannot reconnect to PostgreSQL", {{"error", s.error().ToString()}});
      }
    }

   private:
    PostgresPool& pool_;
    Connection* conn_;
  };

  Connection* Borrow() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !free_.empty(); });
    Connection* c = free_.back();
    free_.pop_back();
    return c;
  }

  void Return(Connection* c) {
    {
      std::lock_guard lock(mu_);
      free_.push_back(c);
    }
    cv_.notify_one();
  }

  // One run of fn in BEGIN … COMMIT. Sets `retry` when running it again may
  // succeed: a conflict or deadlock, or a connection found dead at BEGIN.
  static core::Status Transaction(Connection& c,
                                  const std::function<core::Status(sql::Connection&)>& fn,
                                  bool& retry) {
    c.ClearRetryable();
    if (core::Status begun = c.Exec("BEGIN"); !begun) {
      retry = c.broken();
      return begun;
    }
    core::Status s = fn(c);
    c.ReleaseResults();
    if (s && c.in_failed_transaction()) {
      // fn went on after a failed statement; COMMIT would silently roll back.
      s = c.retryable()
              ? core::Unavailable("the transaction conflicted with a concurrent one")
              : core::Internal("the transaction was rolled back after a failed statement");
    }
    if (s) s = c.Exec("COMMIT");
    if (!s) {
      if (c.in_transaction()) (void)c.Exec("ROLLBACK");
      retry = c.retryable();
    }
    return s;
  }

  std::vector<std::unique_ptr<Connection>> connections_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Connection*> free_;  // guarded by mu_
};

}  // namespace

core::Result<std::unique_ptr<sql::Pool>> OpenPool(const std::string& url, int connections) {
  if (connections < 1) {
    return core::InvalidArgument("a PostgreSQL pool needs at least one connection", "db");
  }
  std::vector<std::unique_ptr<Connection>> pool;
  for (int i = 0; i < connections; ++i) {
    KINORA_ASSIGN_OR_RETURN(auto c, Connection::Open(url));
    pool.push_back(std::move(c));
  }
  return std::unique_ptr<sql::Pool>(std::make_unique<PostgresPool>(std::move(pool)));
}

}  // namespace kinora::store::postgres
