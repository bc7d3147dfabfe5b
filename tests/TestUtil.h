#pragma once
// Helpers shared by the tests: temporary folders and checks on InputError messages.
#include <torch/torch.h>

#include <QtTest/QtTest>

#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include "core/base/Error.h"

namespace mfh::test {

// Runs fn and checks that it throws InputError whose message contains `fragment`.
inline void expectInputError(const std::function<void()>& fn, const std::string& fragment) {
    try {
        fn();
    } catch (const InputError& e) {
        const std::string what = e.what();
        if (what.find(fragment) == std::string::npos)
            QFAIL(("message '" + what + "' lacks '" + fragment + "'").c_str());
        return;
    }
    QFAIL(("no InputError; expected one containing '" + fragment + "'").c_str());
}

inline std::string dataFile(const std::string& name) {
    return std::string(MFH_TEST_DATA) + "/" + name;
}

}  // namespace mfh::test
