// Real PostgreSQL servers for tests (see postgres_process.hpp).
#include "postgres_process.hpp"

#include <fcntl.h>
#include <grp.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace samrad::testing {

namespace {

using namespace std::chrono_literals;

constexpr auto start_limit = 30s;

// Polls until the condition holds or the time is up; returns whether it held.
template <class Condition>
bool eventually(Condition condition, std::chrono::milliseconds limit) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (condition()) return true;
    std::this_thread::sleep_for(20ms);
  }
  return condition();
}

// The server binaries' folder as pg_config (libpq-dev) reports it: they are not on PATH on
// Debian, and a PATH lookup could find another version.
const std::string& binary_folder() {
  static const std::string folder = [] {
    std::unique_ptr<FILE, int (*)(FILE*)> output(::popen("pg_config --bindir 2>/dev/null", "r"),
                                                 &::pclose);
    std::string text;
    char buffer[512];
    while (output && std::fgets(buffer, sizeof(buffer), output.get())) text += buffer;
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    if (text.empty()) {
      throw std::runtime_error(
          "pg_config --bindir failed (run config/setup.sh to install libpq-dev)");
    }
    return text;
  }();
  return folder;
}

// PostgreSQL will not run as root: then the cluster belongs to nobody:nogroup.
struct ServerUser {
  uid_t uid;
  gid_t gid;
};

std::optional<ServerUser> server_user() {
  if (::geteuid() != 0) return std::nullopt;
  const passwd* nobody = ::getpwnam("nobody");
  const group* nogroup = ::getgrnam("nogroup");
  if (!nobody || !nogroup) {
    throw std::runtime_error("running as root, but user nobody or group nogroup is missing");
  }
  return ServerUser{nobody->pw_uid, nogroup->gr_gid};
}

// Starts a PostgreSQL binary as the server user, stdin from /dev/null, stdout and stderr
// appended to the log file.
pid_t spawn(const std::string& binary, std::vector<std::string> args,
            const std::filesystem::path& log) {
  args.insert(args.begin(), binary_folder() + "/" + binary);
  if (const auto user = server_user()) {
    args.insert(args.begin(), {"setpriv", "--reuid=" + std::to_string(user->uid),
                               "--regid=" + std::to_string(user->gid), "--clear-groups"});
  }
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t files;
  posix_spawn_file_actions_init(&files);
  posix_spawn_file_actions_addopen(&files, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&files, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&files, 1, 2);
  pid_t pid = -1;
  const int error = posix_spawnp(&pid, argv.front(), &files, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&files);
  if (error != 0) throw std::runtime_error("cannot start " + args.front());
  return pid;
}

std::string file_tail(const std::filesystem::path& file, std::size_t lines = 30) {
  std::ifstream input(file);
  std::deque<std::string> last;
  for (std::string line; std::getline(input, line);) {
    last.push_back(line);
    if (last.size() > lines) last.pop_front();
  }
  std::string text;
  for (const auto& line : last) text += line + "\n";
  return text;
}

// A process's state letter and parent from /proc/<pid>/stat; state 0 when it is gone.
struct ProcessStatus {
  char state = 0;
  pid_t parent = 0;
};

ProcessStatus process_status(pid_t pid) {
  std::ifstream input("/proc/" + std::to_string(pid) + "/stat");
  std::string stat;
  std::getline(input, stat);
  // The command name in parentheses may hold spaces; the fields after it are fixed.
  const auto name_end = stat.rfind(')');
  if (name_end == std::string::npos) return {};
  ProcessStatus status;
  std::sscanf(stat.c_str() + name_end + 1, " %c %d", &status.state, &status.parent);
  return status;
}

bool gone(pid_t pid) {
  const char state = process_status(pid).state;
  return state == 0 || state == 'Z';
}

// The postmaster's children: each backend and background process is one, and each has its
// own session (setsid), so a process group would not reach them.
std::vector<pid_t> children_of(pid_t parent) {
  std::vector<pid_t> children;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const auto name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    const pid_t pid = std::stoi(name);
    if (process_status(pid).parent == parent) children.push_back(pid);
  }
  return children;
}

// Stops the postmaster first, so that it forks no new backend while its children are listed.
std::vector<pid_t> stop_with_children(pid_t postmaster) {
  ::kill(postmaster, SIGSTOP);
  eventually([&] { return process_status(postmaster).state == 'T' || gone(postmaster); }, 5s);
  auto processes = children_of(postmaster);
  for (const pid_t child : processes) ::kill(child, SIGSTOP);
  processes.push_back(postmaster);
  return processes;
}

// Binds 127.0.0.1:0 and gives back the port the system chose.
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  const bool bound = fd >= 0 &&
                     ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
                     ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
  if (fd >= 0) ::close(fd);
  if (!bound) throw std::runtime_error("cannot find a free port");
  return ntohs(address.sin_port);
}

std::filesystem::path make_folder() {
  auto pattern = (std::filesystem::temp_directory_path() / "samrad-pg-XXXXXX").string();
  if (!::mkdtemp(pattern.data())) throw std::runtime_error("cannot create a temporary folder");
  const std::filesystem::path folder = pattern;
  // mkdtemp makes it 0700 for root; the server user must own it to create data/ and the socket.
  if (const auto user = server_user(); user && ::chown(folder.c_str(), user->uid, user->gid) != 0) {
    std::filesystem::remove_all(folder);
    throw std::runtime_error("cannot hand " + folder.string() + " to nobody:nogroup");
  }
  return folder;
}

}  // namespace

PostgresServer::PostgresServer() : folder_(make_folder()) {
  try {
    const auto log = folder_ / "initdb.log";
    const pid_t initdb = spawn("initdb",
                               {"-D", (folder_ / "data").string(), "-U", "samrad", "--auth=trust",
                                "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"},
                               log);
    int status = 0;
    ::waitpid(initdb, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      throw std::runtime_error("initdb failed:\n" + file_tail(log));
    }
    // A port found free may be taken before postgres binds it: then try another.
    for (int attempt = 0;; ++attempt) {
      port_ = free_port();
      try {
        start();
        return;
      } catch (const std::exception&) {
        kill();
        if (attempt == 4) throw;
      }
    }
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove_all(folder_, ignored);
    throw;
  }
}

PostgresServer::~PostgresServer() {
  kill();
  std::error_code ignored;
  std::filesystem::remove_all(folder_, ignored);
}

std::string PostgresServer::conninfo(const std::string& database) const {
  return "host=127.0.0.1 port=" + std::to_string(port_) + " dbname=" + database +
         " user=samrad connect_timeout=5";
}

std::string PostgresServer::create_database() {
  const auto name = "test_" + std::to_string(++databases_created_);
  std::unique_ptr<PGconn, void (*)(PGconn*)> connection(PQconnectdb(conninfo().c_str()), &PQfinish);
  std::unique_ptr<PGresult, void (*)(PGresult*)> result(
      PQexec(connection.get(), ("CREATE DATABASE " + name).c_str()), &PQclear);
  if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
    throw std::runtime_error("CREATE DATABASE " + name + ": " + PQerrorMessage(connection.get()));
  }
  return conninfo(name);
}

void PostgresServer::start() {
  // Surviving a power cut is not tested, so nothing is synced to disk; but a commit is still
  // written to the OS before it is acknowledged (synchronous_commit stays on), so committed data
  // survives kill(). The socket folder is ours, not /var/run/postgresql.
  pid_ = spawn("postgres",
               {"-D", (folder_ / "data").string(), "-p", std::to_string(port_), "-k",
                folder_.string(), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c",
                "full_page_writes=off", "-c", "max_connections=200", "-c", "shared_buffers=32MB"},
               folder_ / "postgres.log");
  bool exited = false;
  const bool up = eventually(
      [&] {
        // Gone already (the port taken after all): no use waiting.
        exited = ::waitpid(pid_, nullptr, WNOHANG) == pid_;
        return exited || PQping(conninfo().c_str()) == PQPING_OK;
      },
      start_limit);
  if (exited) pid_ = -1;
  if (!up || exited) {
    throw std::runtime_error("postgres on port " + std::to_string(port_) +
                             (exited ? " exited" : " did not accept connections in 30 s") +
                             "; end of its log:\n" + log_tail());
  }
}

void PostgresServer::kill() {
  if (pid_ <= 0) return;
  const auto processes = stop_with_children(pid_);
  for (const pid_t pid : processes) ::kill(pid, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  // A new postmaster refuses the data folder while an old backend still holds shared memory.
  eventually(
      [&] {
        for (const pid_t pid : processes) {
          if (pid != pid_ && !gone(pid)) return false;
        }
        return true;
      },
      10s);
  pid_ = -1;
  paused_.clear();
}

void PostgresServer::stop_fast() {
  if (pid_ <= 0) return;
  resume();
  // SIGINT is PostgreSQL's fast shutdown: it ends the sessions and writes a checkpoint.
  ::kill(pid_, SIGINT);
  if (eventually([&] { return ::waitpid(pid_, nullptr, WNOHANG) == pid_; }, start_limit)) {
    pid_ = -1;
  } else {
    kill();
  }
}

void PostgresServer::restart() {
  stop_fast();
  start();
}

void PostgresServer::pause() {
  if (pid_ <= 0 || !paused_.empty()) return;
  paused_ = stop_with_children(pid_);
}

void PostgresServer::resume() {
  for (const pid_t pid : paused_) ::kill(pid, SIGCONT);
  paused_.clear();
}

std::string PostgresServer::log_tail() const {
  return file_tail(folder_ / "postgres.log");
}

PostgresServer& shared_postgres() {
  static PostgresServer server;
  return server;
}

}  // namespace samrad::testing
