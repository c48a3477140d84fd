// The real `voxgate` binary, started as an operator would: every flag of
// `voxgate serve --help` and every environment variable reaches its key
// (through check-config, which loads exactly as serve does), --ai-url dials
// the AI server it names, the start-up refusal of BEHAVIOUR 0, the
// authenticated production command, and a second SIGTERM that ends live
// calls at once while every call record still reaches the database.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <regex>
#include <sstream>

#include "callsim/simulation.hpp"
#include "config/cli_flags.hpp"
#include "config/config_fields.hpp"
#include "integration/app_fixture.hpp"
#include "store/sqlite_call_store.hpp"
#include "unit/config/key_samples.hpp"

namespace voxgate::testing {
namespace {

using namespace std::chrono_literals;
using config::testing::key_samples;
using config::testing::sample_for;

// The voxgate binary, built next to this test executable.
std::string voxgate_binary() {
  return (std::filesystem::read_symlink("/proc/self/exe").parent_path() / "voxgate").string();
}

// A child process with exactly the given environment, its stdout and stderr
// in one file. Killed (SIGKILL) if still running at destruction.
class Child {
 public:
  Child(const std::vector<std::string>& args, std::vector<std::string> env) {
    static int seq = 0;
    log_ = (std::filesystem::temp_directory_path() /
            ("voxgate_flags_" + std::to_string(::getpid()) + "_" + std::to_string(++seq) + ".log"))
               .string();
    std::vector<std::string> argv = {voxgate_binary()};
    argv.insert(argv.end(), args.begin(), args.end());
    env.push_back("PATH=/usr/bin:/bin");
    std::vector<char*> a, e;
    for (auto& s : argv) a.push_back(s.data());
    for (auto& s : env) e.push_back(s.data());
    a.push_back(nullptr);
    e.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    if (posix_spawn(&pid_, a[0], &fa, nullptr, a.data(), e.data()) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&fa);
  }
  ~Child() {
    if (pid_ > 0 && !status_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    std::filesystem::remove(log_);
  }
  bool started() const { return pid_ > 0; }
  void signal(int sig) { ::kill(pid_, sig); }
  // The exit code, or -signal when a signal ended it; nullopt: still running.
  std::optional<int> wait_exit(std::chrono::seconds limit) {
    wait_until(
        [&] {
          int st = 0;
          if (!status_ && ::waitpid(pid_, &st, WNOHANG) == pid_) status_ = st;
          return status_.has_value();
        },
        limit);
    if (!status_) return std::nullopt;
    return WIFEXITED(*status_) ? WEXITSTATUS(*status_) : -WTERMSIG(*status_);
  }
  std::string output() const {
    std::ifstream in(log_);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  // The first capture of `re` in the output, once it appears.
  std::string wait_for(const std::string& re, std::chrono::seconds limit = 20s) {
    std::smatch m;
    std::string out;
    wait_until(
        [&] {
          out = output();
          return std::regex_search(out, m, std::regex(re));
        },
        limit);
    return m.size() > 1 ? m[1].str() : m.size() == 1 ? m[0].str() : "";
  }

 private:
  pid_t pid_ = -1;
  std::string log_;
  std::optional<int> status_;
};

uint16_t port_of(Child& c) {
  const std::string p = c.wait_for(R"(voxgate listening on .*:(\d+) \(AI leg)");
  return p.empty() ? 0 : static_cast<uint16_t>(std::stoi(p));
}

// `name = "value"` as check-config prints the key (secrets as <hidden>).
// The line check-config prints for `key` (a list key's one value as an array).
std::string printed(const std::string& key, const std::string& value, bool secret) {
  const std::string quoted = "\"" + (secret ? "<hidden>" : value) + "\"";
  const bool list = config::is_list(*config::find_field(key));
  return "\n" + key.substr(key.find('.') + 1) + " = " + (list ? "[" + quoted + "]" : quoted);
}

class FlagsTest : public AppFixture {
 protected:
  void SetUp() override {
    ASSERT_TRUE(std::filesystem::exists(voxgate_binary()))
        << voxgate_binary() << ": build the voxgate target with integration_tests";
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    db_ = (std::filesystem::temp_directory_path() / ("voxgate_flags_" + std::string(info->name()) +
                                                     "_" + std::to_string(::getpid()) + ".db"))
              .string();
  }
  std::string ai_url() const {
    return "ws://127.0.0.1:" + std::to_string(fake_->port()) + "/v1/realtime";
  }
  // check-config with these arguments and environment: its output, after
  // checking it exits 0.
  std::string check_config(std::vector<std::string> args, std::vector<std::string> env = {}) {
    args.insert(args.begin(), "check-config");
    Child c(args, std::move(env));
    EXPECT_EQ(c.wait_exit(20s), 0) << c.output();
    return c.output();
  }
};

TEST_F(FlagsTest, EveryShortcutFlagReachesItsKey) {
  for (const auto& sc : config::shortcuts()) {
    const std::string v = sample_for(sc.key);
    const std::string out = sc.is_switch ? check_config({sc.flag}) : check_config({sc.flag, v});
    EXPECT_NE(out.find(printed(sc.key, v, false)), std::string::npos) << sc.flag << "\n" << out;
  }
  const std::string file = db_ + ".toml";
  std::ofstream(file) << "[server]\nport = 9444\n";
  EXPECT_NE(check_config({"--config", file}).find("\nport = \"9444\""), std::string::npos);
  EXPECT_NE(check_config({"--config", file, "--set", "server.port=9555"}).find("\nport = \"9555\""),
            std::string::npos);
  std::filesystem::remove(file);
  Child version({"--version"}, {});
  EXPECT_EQ(version.wait_exit(10s), 0);
  EXPECT_NE(version.output().find("voxgate 0.1.0"), std::string::npos);
}

TEST_F(FlagsTest, EveryEnvironmentVariableReachesItsKey) {
  std::vector<std::string> env;
  for (const auto& s : key_samples()) env.push_back(config::env_name(s.key) + "=" + s.value);
  const std::string out = check_config({}, env);
  for (const auto& s : key_samples()) {
    const bool secret = config::find_field(s.key)->secret;
    EXPECT_NE(out.find(printed(s.key, s.value, secret)), std::string::npos)
        << config::env_name(s.key) << "\n"
        << out;
  }
  const std::string aliases =
      check_config({}, {"OPENAI_API_KEY=sk-a", "TWILIO_AUTH_TOKEN=tw-a", "VOXGATE_API_TOKEN=api-a",
                        "VOXGATE_STREAM_TOKEN_SECRET=st-a"});
  for (const char* key :
       {"ai.api_key", "server.twilio_auth_token", "api.token", "server.stream_token_secret"}) {
    EXPECT_NE(aliases.find(printed(key, "", true)), std::string::npos) << key << "\n" << aliases;
  }
  EXPECT_NE(aliases.find("# AI leg resolves to: openai"), std::string::npos) << aliases;
  EXPECT_NE(check_config({}).find("# AI leg resolves to: local"), std::string::npos);
}

TEST_F(FlagsTest, ServeDialsTheAiUrlGivenOnTheCommandLine) {
  start_fake();
  Child vox({"serve", "--port", "0", "--ai-url", ai_url(), "--db", db_}, {});
  const uint16_t port = port_of(vox);
  ASSERT_NE(port, 0) << vox.output();
  callsim::SimOptions sim;
  sim.url = "ws://127.0.0.1:" + std::to_string(port) + "/media";
  sim.seconds = 1.5;
  sim.source = callsim::SourceKind::kSilence;
  const auto report = callsim::run_simulation(sim);
  ASSERT_EQ(report.calls.size(), 1u);
  EXPECT_GE(fake_->stats().connections, 1u) << vox.output();
  EXPECT_GT(fake_->stats().events_received["session.update"], 0u);
  vox.signal(SIGTERM);
  ASSERT_EQ(vox.wait_exit(30s), 0) << vox.output();
  auto store = store::SqliteCallStore::open(db_);
  ASSERT_TRUE(store.ok());
  auto record = (*store)->get(report.calls[0].call_sid);
  ASSERT_TRUE(record) << vox.output();
  EXPECT_EQ(record->end_reason, "caller_hangup");
}

// BEHAVIOUR 0.
TEST_F(FlagsTest, PublicBindWithPaidAiAndNoCallerAuthIsRefusedAtStartUp) {
  const std::vector<std::string> args = {"serve", "--host", "0.0.0.0", "--port", "0", "--db", db_};
  Child refused(args, {"OPENAI_API_KEY=sk-test"});
  EXPECT_EQ(refused.wait_exit(20s), 2) << refused.output();
  const std::string why = refused.output();
  EXPECT_NE(why.find("refusing to start"), std::string::npos) << why;
  EXPECT_NE(why.find("TWILIO_AUTH_TOKEN"), std::string::npos) << why;
  EXPECT_NE(why.find("--allow-unauthenticated"), std::string::npos) << why;
  EXPECT_EQ(why.find("sk-test"), std::string::npos) << "the key must never be logged";

  auto allowed_args = args;
  allowed_args.push_back("--allow-unauthenticated");
  Child allowed(allowed_args, {"OPENAI_API_KEY=sk-test"});
  ASSERT_NE(port_of(allowed), 0) << allowed.output();
  EXPECT_NE(allowed.output().find("--allow-unauthenticated: server.host '0.0.0.0'"),
            std::string::npos)
      << allowed.output();
  allowed.signal(SIGTERM);
  EXPECT_EQ(allowed.wait_exit(30s), 0) << allowed.output();
}

// README "Running it for real": the authenticated production command.
TEST_F(FlagsTest, ProductionCommandChecksTwilioAndKeepsMetricsPrivate) {
  Child vox({"serve", "--host", "0.0.0.0", "--port", "0", "--public-host", "voice.example.com",
             "--metrics-listen", "127.0.0.1:0", "--db", db_},
            {"OPENAI_API_KEY=sk-test", "TWILIO_AUTH_TOKEN=tw-test", "VOXGATE_API_TOKEN=api-test"});
  const uint16_t port = port_of(vox);
  ASSERT_NE(port, 0) << vox.output();
  const std::string mp = vox.wait_for(R"(metrics on 127\.0\.0\.1:(\d+) only)");
  ASSERT_FALSE(mp.empty()) << vox.output();
  http::request<http::string_body> twiml{http::verb::post, "/twiml", 11};
  twiml.body() = "CallSid=CA1";
  EXPECT_EQ(http_request(port, std::move(twiml)).result(), http::status::forbidden);
  http::request<http::string_body> api{http::verb::get, "/api/calls", 11};
  EXPECT_EQ(http_request(port, api).result(), http::status::unauthorized);
  api.set(http::field::authorization, "Bearer api-test");
  EXPECT_EQ(http_request(port, api).result(), http::status::ok);
  EXPECT_EQ(http_request(port, {http::verb::get, "/metrics", 11}).result(),
            http::status::not_found);
  const auto metrics_port = static_cast<uint16_t>(std::stoi(mp));
  EXPECT_EQ(http_request(metrics_port, {http::verb::get, "/metrics", 11}).result(),
            http::status::ok);
  vox.signal(SIGTERM);
  EXPECT_EQ(vox.wait_exit(30s), 0) << vox.output();
}

// The calls' gauge as /metrics shows it (-1: not found).
int active_calls(uint16_t port) {
  const auto body = http_request(port, {http::verb::get, "/metrics", 11}).body();
  std::smatch m;
  if (!std::regex_search(body, m, std::regex(R"(\nvoxgate_active_calls (\d+))"))) return -1;
  return std::stoi(m[1]);
}

TEST_F(FlagsTest, SecondSigtermEndsLiveCallsNowAndWritesEveryRecord) {
  start_fake();
  Child vox({"serve", "--port", "0", "--ai-url", ai_url(), "--db", db_, "--shutdown-grace", "60"},
            {});
  const uint16_t port = port_of(vox);
  ASSERT_NE(port, 0) << vox.output();
  callsim::SimOptions sim;
  sim.url = "ws://127.0.0.1:" + std::to_string(port) + "/media";
  sim.calls = 3;
  sim.seconds = 60;
  sim.source = callsim::SourceKind::kSilence;
  auto done = std::async(std::launch::async, [sim] { return callsim::run_simulation(sim); });
  ASSERT_TRUE(wait_until([&] { return active_calls(port) == 3; }, 15s)) << vox.output();
  const auto signalled = std::chrono::steady_clock::now();
  vox.signal(SIGTERM);
  ASSERT_FALSE(vox.wait_for("(shutdown: waiting up to 60000 ms for 3 live calls)").empty())
      << vox.output();
  vox.signal(SIGTERM);
  // Well inside the 60 s grace: the shutdown path (fallback clip, end) only.
  EXPECT_EQ(vox.wait_exit(30s), 0) << vox.output();
  EXPECT_LT(std::chrono::steady_clock::now() - signalled, 30s);
  const auto report = done.get();
  ASSERT_EQ(report.calls.size(), 3u);
  auto store = store::SqliteCallStore::open(db_);
  ASSERT_TRUE(store.ok());
  for (const auto& c : report.calls) {
    auto record = (*store)->get(c.call_sid);
    ASSERT_TRUE(record) << c.call_sid << "\n" << vox.output();
    EXPECT_EQ(record->end_reason, "shutdown");
  }
}

}  // namespace
}  // namespace voxgate::testing
