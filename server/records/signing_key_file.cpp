// The signer key file (see signing_key_file.hpp).
#include "records/signing_key_file.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace samrad::records {

namespace {

std::string system_error(const std::string& what, const std::filesystem::path& path) {
  return what + " " + path.string() + ": " + std::strerror(errno);
}

// Writes the whole buffer and syncs it, then closes; false (errno set) on any failure.
bool write_and_close(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const auto written = ::write(fd, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(written));
  }
  const bool synced = ::fsync(fd) == 0;
  return ::close(fd) == 0 && synced;
}

Result<SignerKey> load(const std::filesystem::path& path, std::string_view name);

// A temporary file in the same directory, then linked to the name: the key file either does not
// exist or holds a whole key, even if the process dies while writing. link(), unlike rename(),
// never replaces a key file another process created meanwhile; that one is loaded instead.
Result<SignerKey> create(const std::filesystem::path& path, std::string_view name) {
  auto key = SignerKey::generate(std::string(name));
  std::string line = format_signer_key(key) + "\n";
  auto temporary = path;
  temporary += ".tmp-" + std::to_string(::getpid());
  // A temporary of this name can only be left by a process that died while creating the key.
  ::unlink(temporary.c_str());
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Error{system_error("cannot create the signing key file", temporary)};
  // The umask can only narrow 0600, but a fchmod makes the mode independent of it.
  bool written = ::fchmod(fd, 0600) == 0;
  if (written) {
    written = write_and_close(fd, line);
  } else {
    const int chmod_error = errno;
    ::close(fd);
    errno = chmod_error;
  }
  sodium_memzero(line.data(), line.size());
  const bool linked = written && ::link(temporary.c_str(), path.c_str()) == 0;
  const int link_error = errno;
  ::unlink(temporary.c_str());
  if (written && !linked && link_error == EEXIST) return load(path, name);
  if (!linked) {
    errno = link_error;
    return Error{system_error("cannot write the signing key file", path)};
  }
  const auto directory = path.has_parent_path() ? path.parent_path() : ".";
  if (const int dir = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return key;
}

Result<SignerKey> load(const std::filesystem::path& path, std::string_view name) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    if (errno == ENOENT) return create(path, name);
    return Error{system_error("cannot open the signing key file", path)};
  }
  struct stat status {};
  if (::fstat(fd, &status) != 0) {
    auto error = system_error("cannot read the signing key file", path);
    ::close(fd);
    return Error{std::move(error)};
  }
  if (!S_ISREG(status.st_mode) || (status.st_mode & 077) != 0) {
    ::close(fd);
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(status.st_mode & 07777));
    return Error{"the signing key file " + path.string() + " has mode " + mode +
                 "; it must be a regular file that only its owner can read (chmod 600 " +
                 path.string() + ")"};
  }
  std::string content;
  char buffer[512];
  for (;;) {
    const auto got = ::read(fd, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      auto error = system_error("cannot read the signing key file", path);
      ::close(fd);
      return Error{std::move(error)};
    }
    if (got == 0 || content.size() > 4096) break;
    content.append(buffer, static_cast<std::size_t>(got));
  }
  sodium_memzero(buffer, sizeof buffer);
  ::close(fd);
  std::string_view line = content;
  if (line.ends_with('\n')) line.remove_suffix(1);
  auto key = parse_signer_key(line);
  sodium_memzero(content.data(), content.size());
  if (!key) {
    return Error{"the signing key file " + path.string() +
                 " does not hold a signer key: " + key.error().message};
  }
  if (key->name() != name) {
    return Error{"the signing key file " + path.string() + " holds a key named \"" + key->name() +
                 "\", but the log origin is \"" + std::string(name) + "\""};
  }
  return key;
}

}  // namespace

Result<SignerKey> load_or_create_signing_key(const std::filesystem::path& path,
                                             std::string_view name) {
  if (!is_valid_key_name(name)) {
    return Error{"the log origin \"" + std::string(name) + "\" is not a valid key name"};
  }
  return load(path, name);
}

}  // namespace samrad::records
