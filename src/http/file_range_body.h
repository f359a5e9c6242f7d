// A Beast Body that streams a byte range of a file with pread, so responses
// to Range requests (and whole files) never load the file into memory.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/buffer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/optional.hpp>
#include <cstdint>
#include <memory>
#include <utility>

namespace kinora::http {

struct FileRangeBody {
  class value_type {
   public:
    value_type() = default;
    ~value_type() { Close(); }
    value_type(value_type&& o) noexcept
        : fd_(std::exchange(o.fd_, -1)), offset_(o.offset_), length_(o.length_) {}
    value_type& operator=(value_type&& o) noexcept {
      if (this != &o) {
        Close();
        fd_ = std::exchange(o.fd_, -1);
        offset_ = o.offset_;
        length_ = o.length_;
      }
      return *this;
    }
    value_type(const value_type&) = delete;
    value_type& operator=(const value_type&) = delete;

    // Takes ownership of an open file descriptor.
    void Reset(int fd, uint64_t offset, uint64_t length) {
      Close();
      fd_ = fd;
      offset_ = offset;
      length_ = length;
    }
    int fd() const { return fd_; }
    uint64_t offset() const { return offset_; }
    uint64_t length() const { return length_; }

   private:
    void Close() {
      if (fd_ >= 0) ::close(fd_);
      fd_ = -1;
    }
    int fd_ = -1;
    uint64_t offset_ = 0;
    uint64_t length_ = 0;
  };

  static std::uint64_t size(const value_type& body) { return body.length(); }

  class writer {
   public:
    using const_buffers_type = boost::asio::const_buffer;

    template <bool isRequest, class Fields>
    writer(boost::beast::http::header<isRequest, Fields>&, value_type& body)
        : body_(body),
          buffer_size_(static_cast<size_t>(std::min<uint64_t>(body.length(), kMaxChunk))),
          buffer_(new char[std::max<size_t>(buffer_size_, 1)]) {}

    void init(boost::beast::error_code& ec) { ec = {}; }

    boost::optional<std::pair<const_buffers_type, bool>> get(boost::beast::error_code& ec) {
      const uint64_t remaining = body_.length() - sent_;
      if (remaining == 0) {
        ec = {};
        return boost::none;
      }
      const size_t want = static_cast<size_t>(std::min<uint64_t>(remaining, buffer_size_));
      const ssize_t got =
          ::pread(body_.fd(), buffer_.get(), want, static_cast<off_t>(body_.offset() + sent_));
      if (got <= 0) {
        ec = boost::beast::error_code(got < 0 ? errno : EIO, boost::system::generic_category());
        return boost::none;
      }
      sent_ += static_cast<uint64_t>(got);
      ec = {};
      return std::make_pair(const_buffers_type(buffer_.get(), static_cast<size_t>(got)),
                            sent_ < body_.length());
    }

   private:
    // Large reads and writes keep a download's system calls few; a file
    // smaller than this gets a buffer of its own size.
    static constexpr uint64_t kMaxChunk = 1 << 20;

    value_type& body_;
    uint64_t sent_ = 0;
    size_t buffer_size_;
    std::unique_ptr<char[]> buffer_;
  };
};

}  // namespace kinora::http
