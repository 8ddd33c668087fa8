#pragma once
// The writing system (Unicode script) of the letters of a host-name label, to warn about
// homoglyph names such as "mаil" with a Cyrillic "а": Unicode TR39 5.2, the "Highly
// Restrictive" level browsers use before they show a name in Unicode.
#include <adplan/model/host_name.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace adplan {

enum class Script {
  Common,  // digits, hyphen, punctuation, combining marks (Scripts.txt Common and Inherited)
  Latin,
  Greek,
  Cyrillic,
  Armenian,
  Hebrew,
  Arabic,
  Georgian,
  Cherokee,
  Devanagari,
  Thai,
  Hangul,
  Hiragana,
  Katakana,
  Bopomofo,
  Han,
  Other,  // a letter of a script this table does not name
};

// The script of a code point, from the blocks of Unicode's Scripts.txt for the scripts above.
Script script_of(char32_t c);
std::string_view script_name(Script s);

// Why a label (UTF-8, Unicode form) mixes scripts, or nullopt when it is written in one
// (digits and hyphens go with any) or in a combination TR39 allows (Latin with Han and the
// Japanese kana, with Han and Bopomofo, or with Han and Hangul): `mixes Latin and Cyrillic
// letters (Cyrillic: "а" U+0430)`. Bytes that are not UTF-8 count as Other.
std::optional<std::string> mixed_script(std::string_view label);

// The Unicode form of the host's labels that mix scripts, each with its reason:
// `"mаil" mixes Latin and Cyrillic letters (Cyrillic: "а" U+0430)`.
std::vector<std::string> mixed_script_labels(const HostName& host);

}  // namespace adplan
