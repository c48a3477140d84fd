#include "store/record_spool.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "store/record_json.hpp"

namespace voxgate::store {
namespace {

std::string os_error(const std::string& what, const std::string& path) {
  return what + " '" + path + "': " + std::strerror(errno);
}

bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// Appends `line` and flushes it to disk; on failure the file is cut back to
// where it was, so a half-written line never glues onto the next one.
bool append_synced(int fd, std::string_view line) {
  const off_t end = ::lseek(fd, 0, SEEK_END);
  if (end >= 0 && write_all(fd, line) && ::fdatasync(fd) == 0) return true;
  const int saved = errno;
  if (end >= 0 && ::ftruncate(fd, end) != 0) {
    // Nothing more to do: the error below is reported either way.
  }
  errno = saved;
  return false;
}

// A rename is durable once the directory holding it is flushed.
void sync_dir_of(const std::string& path) {
  std::string dir = std::filesystem::path(path).parent_path().string();
  if (dir.empty()) dir = ".";
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

// The records waiting in the file: its non-empty lines. A last line with no
// newline (an append cut short by a crash) is ended, so that the next
// append starts a line of its own and the torn one is rejected at replay.
size_t count_and_end_lines(int fd, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  size_t lines = 0;
  std::string line;
  bool ended = true;
  while (std::getline(in, line)) {
    if (!line.empty()) ++lines;
    ended = !in.eof();
  }
  if (!ended) append_synced(fd, "\n");
  return lines;
}

}  // namespace

common::Result<std::unique_ptr<RecordSpool>, std::string> RecordSpool::open(
    std::unique_ptr<CallStore> inner, std::string path, Listener* listener) {
  std::unique_ptr<RecordSpool> spool(new RecordSpool(std::move(inner), std::move(path), listener));
  std::string error;
  if (!spool->open_file(error)) return common::unexpected(error);
  spool->pending_ = count_and_end_lines(spool->fd_, spool->path_);
  return spool;
}

RecordSpool::~RecordSpool() {
  if (fd_ >= 0) ::close(fd_);
}

bool RecordSpool::open_file(std::string& error) {
  if (fd_ >= 0) ::close(fd_);
  // 0600: records hold transcripts.
  fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd_ < 0) error = os_error("cannot open the record spool", path_);
  return fd_ >= 0;
}

bool RecordSpool::append(const std::string& line, std::string& error) {
  if (fd_ < 0 && !open_file(error)) return false;
  if (append_synced(fd_, line)) return true;
  error = os_error("cannot write the record spool", path_);
  return false;
}

SaveOutcome RecordSpool::put(const CallRecord& r, std::string& error) {
  std::lock_guard lock(mu_);
  std::string why;
  drain_locked(why);
  // Order: while older records wait, a newer one waits behind them (a
  // newer version of a spooled record must not be overwritten by it).
  if (pending_ == 0) {
    const SaveOutcome outcome = inner_->put(r, error);
    if (outcome != SaveOutcome::kRetry) return outcome;
    why = error;
  }
  if (why.empty()) why = "older records wait in the spool";
  std::string spool_error;
  if (!append(record_to_json(r) + "\n", spool_error)) {
    error = why + "; not spooled either: " + spool_error;
    return SaveOutcome::kRetry;
  }
  ++spooled_;
  ++pending_;
  if (listener_) listener_->on_spooled(r, why);
  error.clear();
  return SaveOutcome::kSaved;
}

size_t RecordSpool::drain() {
  std::lock_guard lock(mu_);
  std::string ignored;
  return drain_locked(ignored);
}

// Oldest first; stops at the first record the inner store asks to retry,
// which stays first in the spool.
size_t RecordSpool::drain_locked(std::string& stopped_by) {
  if (pending_ == 0) return 0;
  std::ifstream in(path_, std::ios::binary);
  if (!in) {
    stopped_by = os_error("cannot read the record spool", path_);
    return 0;
  }
  size_t saved = 0, consumed = 0;
  std::string line, stopped_at;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    if (!replay(line, saved, stopped_by)) {
      stopped_at = line;
      break;
    }
    ++consumed;
  }
  if (consumed == 0) return 0;
  // On failure the file is left whole: its saved records are replayed again
  // later, which the inner upsert makes harmless.
  if (!keep_from(in, stopped_at, stopped_by)) return saved;
  pending_ -= consumed;
  if (listener_ && saved > 0) listener_->on_replayed(saved, pending_);
  return saved;
}

// One spooled line: true when it leaves the spool, saved by the inner store
// or moved to the rejected file.
bool RecordSpool::replay(const std::string& line, size_t& saved, std::string& stopped_by) {
  auto record = record_from_json(line);
  if (!record) return reject(line, nullptr, record.error(), stopped_by);
  std::string error;
  switch (inner_->put(*record, error)) {
    case SaveOutcome::kSaved:
      ++saved;
      ++replayed_;
      return true;
    case SaveOutcome::kFailed:
      return reject(line, &*record, error, stopped_by);
    case SaveOutcome::kRetry:
      break;
  }
  stopped_by = error;
  return false;
}

// Replaces the spool with `first` (unless empty) and the rest of `rest`:
// written to a temporary file, flushed, and renamed over the spool, so a
// crash leaves either the old file or the new one.
bool RecordSpool::keep_from(std::istream& rest, const std::string& first, std::string& error) {
  const std::string tmp = path_ + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  bool ok = fd >= 0 && (first.empty() || write_all(fd, first + "\n"));
  char buf[64 * 1024];
  while (ok && rest) {
    rest.read(buf, sizeof buf);
    if (rest.gcount() > 0) ok = write_all(fd, {buf, static_cast<size_t>(rest.gcount())});
  }
  ok = ok && ::fsync(fd) == 0;
  if (fd >= 0) ::close(fd);
  ok = ok && ::rename(tmp.c_str(), path_.c_str()) == 0;
  if (!ok) {
    error = os_error("cannot rewrite the record spool", tmp);
    ::unlink(tmp.c_str());
    return false;
  }
  sync_dir_of(path_);
  // The append descriptor still names the file that was replaced.
  return open_file(error);
}

bool RecordSpool::reject(const std::string& line, const CallRecord* record,
                         const std::string& error, std::string& stopped_by) {
  const std::string path = path_ + ".rejected";
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  const bool ok = fd >= 0 && append_synced(fd, line + "\n");
  if (!ok) stopped_by = os_error("cannot keep a refused record in", path);
  if (fd >= 0) ::close(fd);
  if (!ok) return false;
  ++rejected_;
  if (listener_) listener_->on_rejected(record, error + " (kept in " + path + ")");
  return true;
}

std::optional<CallRecord> RecordSpool::get(const std::string& id) {
  return inner_->get(id);
}

std::vector<CallRecord> RecordSpool::list(const ListQuery& query) {
  return inner_->list(query);
}

uint64_t RecordSpool::spooled() const {
  std::lock_guard lock(mu_);
  return spooled_;
}
uint64_t RecordSpool::replayed() const {
  std::lock_guard lock(mu_);
  return replayed_;
}
uint64_t RecordSpool::rejected() const {
  std::lock_guard lock(mu_);
  return rejected_;
}
size_t RecordSpool::spool_size() const {
  std::lock_guard lock(mu_);
  return pending_;
}

}  // namespace voxgate::store
