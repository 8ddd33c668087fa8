#pragma once
// What a signal must not leave behind. A write registers each temporary file (and each directory
// it made) here while it exists; the handler `install_signal_cleanup` sets for SIGINT, SIGTERM,
// SIGHUP and SIGQUIT unlinks the files, removes the directories if empty, and re-raises the
// signal with its default action, so the process still ends as the signal says (exit status
// 128+N in a shell). The handler only calls unlink(2), rmdir(2), write(2), signal(2) and raise(3),
// all async-signal-safe, and reads paths that were complete before they were published.
//
// A process that cannot run a handler (SIGKILL, a power cut) leaves its temporaries; their names
// follow one pattern, ".<target name>.tmp<digits>", and `remove_stale_temporaries` removes those
// of a directory before the next write there. A writer holds flock(2) on its temporary file, so
// another adplan writing into the same directory at the same time is never robbed of its own.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace adplan {

// Sets the handler for SIGINT, SIGTERM, SIGHUP and SIGQUIT (a signal the process ignores, as
// under nohup, stays ignored). Called once by main; writes work without it, only unprotected.
void install_signal_cleanup();

// One registered path, removed by the handler while this object lives; move-only.
class SignalCleanup {
 public:
  enum class Kind { file, directory };
  SignalCleanup() = default;
  SignalCleanup(const std::filesystem::path& path, Kind kind);
  ~SignalCleanup();
  SignalCleanup(SignalCleanup&& other) noexcept;
  SignalCleanup& operator=(SignalCleanup&& other) noexcept;
  SignalCleanup(const SignalCleanup&) = delete;
  SignalCleanup& operator=(const SignalCleanup&) = delete;

  // The handler forgets the path (it was renamed into place or removed).
  void release();

 private:
  void* m_slot = nullptr;
};

// ".<target name>.tmp<digits>": the temporary file of `target_name`.
std::string temporary_name(std::string_view target_name, unsigned long nonce);
// Whether a file name follows that pattern.
bool is_temporary_name(std::string_view file_name);

// Removes the temporaries an interrupted run left in `dir` for the files about to be written
// there (".<name>.tmp<digits>" with <name> one of `target_names`: regular files that no live
// writer holds) and returns their paths, for the caller to name them. Another file of the
// pattern is the user's and stays (issue 21: render deleted dns/.my.zone.tmp7). A missing
// directory has none.
std::vector<std::filesystem::path> remove_stale_temporaries(const std::filesystem::path& dir,
                                                            const std::vector<std::string>& target_names);

}  // namespace adplan
