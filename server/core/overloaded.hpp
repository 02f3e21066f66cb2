#pragma once
// The visitor idiom for std::visit over the command and event variants.

namespace tent {

template <class... Ts>
struct overloaded : Ts... { using Ts::operator()...; };

}  // namespace tent
