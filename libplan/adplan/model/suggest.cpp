#include <adplan/model/suggest.hpp>

#include <adplan/model/text.hpp>

#include <algorithm>
#include <vector>

namespace adplan {

std::optional<std::string_view> closest(std::string_view word, std::span<const std::string_view> candidates) {
  std::optional<std::string_view> best;
  std::size_t best_distance = 3;
  for (auto cand : candidates) {
    // Levenshtein distance, two rows.
    std::vector<std::size_t> prev(cand.size() + 1), cur(cand.size() + 1);
    for (std::size_t j = 0; j <= cand.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= word.size(); ++i) {
      cur[0] = i;
      for (std::size_t j = 1; j <= cand.size(); ++j) {
        std::size_t sub = prev[j - 1] + (ascii_lower(word[i - 1]) == ascii_lower(cand[j - 1]) ? 0 : 1);
        cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
      }
      std::swap(prev, cur);
    }
    if (prev[cand.size()] < best_distance) {
      best_distance = prev[cand.size()];
      best = cand;
    }
  }
  return best;
}

}  // namespace adplan
