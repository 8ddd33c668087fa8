// Replays the corpus through the fuzz target, then a fixed number of deterministic
// mutations of each file (byte flips, truncations, splices), so ctest exercises the target
// with g++ where libFuzzer is not available.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR [MUTATIONS]\n", argv[0]);
    return 2;
  }
  int mutations = argc > 2 ? std::stoi(argv[2]) : 2000;
  std::vector<std::filesystem::path> files;  // regular files only (corpus/dns/ is another target's), sorted
  for (const auto& e : std::filesystem::directory_iterator(argv[1])) {
    if (e.is_regular_file()) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<std::string> inputs;
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    inputs.push_back(ss.str());
  }
  std::mt19937 rng(20261124);
  long runs = 0;
  for (const auto& seed : inputs) {
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(seed.data()), seed.size());
    ++runs;
    for (int i = 0; i < mutations; ++i) {
      std::string m = seed;
      int edits = 1 + static_cast<int>(rng() % 4);
      for (int k = 0; k < edits && !m.empty(); ++k) {
        std::size_t pos = rng() % m.size();
        switch (rng() % 6) {
          case 0:
            m[pos] = static_cast<char>(rng() % 256);
            break;
          case 1:
            m.erase(pos, 1 + rng() % 8);
            break;
          case 2:
            m.insert(pos, inputs[rng() % inputs.size()].substr(0, 1 + rng() % 40));
            break;
          case 3:
            m.resize(pos);
            break;
          case 4:
            m.insert(pos, std::string(1 + rng() % 300, "a.\"\\{}[],:0-"[rng() % 12]));
            break;
          case 5:  // a DNS compression pointer (two bytes, 0b11 then the offset)
            m.insert(pos, {static_cast<char>(0xc0 | (rng() % 4)), static_cast<char>(rng() % 256)});
            break;
        }
      }
      LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(m.data()), m.size());
      ++runs;
    }
  }
  std::printf("replayed %ld inputs without a crash\n", runs);
  return 0;
}
