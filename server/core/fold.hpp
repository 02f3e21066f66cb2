#pragma once
// Names compared "case aside" (a therapist at one table at a time, categories, the hours and
// statistics per therapist) are compared by their Unicode case folding, so "ZOË" and "zoë",
// "Élodie" and "élodie" are one person, as they are to the organiser reading them.

#include <string>
#include <string_view>

namespace tent {

// The full Unicode case folding of valid UTF-8 text (ICU's default folding); ASCII text without
// calling ICU. Invalid UTF-8 folds as its ASCII bytes lowered, the rest unchanged.
std::string fold_case(std::string_view utf8);

// fold_case(a) == fold_case(b).
bool equal_folded(std::string_view a, std::string_view b);

}  // namespace tent
