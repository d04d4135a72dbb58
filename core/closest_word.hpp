#pragma once
// Moved to core/ (issue 14: a CSV reader in parse/ suggests the closest header name too).
#include "core/closest_word.hpp"
