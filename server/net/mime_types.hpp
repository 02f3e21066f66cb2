#pragma once
// Content types of the files the web clients are made of.

#include <filesystem>
#include <string_view>

namespace tent::net {

// By extension, case-insensitively; "application/octet-stream" for anything unknown.
std::string_view mime_type(std::filesystem::path const& file);

}  // namespace tent::net
