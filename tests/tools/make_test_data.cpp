// Writes the small input files of tests/data/: one valid dataset and one malformed file per
// kind of bad input the loaders must reject. Run: make_test_data <folder>. The expected error of
// each file is listed in tests/data/README.md and asserted by test_dataset_file and test_cli.
#include <H5Cpp.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

namespace {

void strAttr(H5::H5Object& o, const std::string& name, const std::string& v) {
    H5::StrType t(H5::PredType::C_S1, H5T_VARIABLE);
    const char* c = v.c_str();
    o.createAttribute(name, t, H5::DataSpace(H5S_SCALAR)).write(t, &c);
}

void floats(H5::Group& g, const std::string& name, const std::vector<float>& v, hsize_t rows) {
    hsize_t dims[2] = {rows, rows ? v.size() / rows : 0};
    g.createDataSet(name, H5::PredType::IEEE_F32LE, H5::DataSpace(2, dims))
        .write(v.data(), H5::PredType::NATIVE_FLOAT);
}

void ints(H5::Group& g, const std::string& name, const std::vector<int64_t>& v) {
    hsize_t dims[1] = {v.size()};
    auto ds = g.createDataSet(name, H5::PredType::STD_I64LE, H5::DataSpace(1, dims));
    if (!v.empty()) ds.write(v.data(), H5::PredType::NATIVE_INT64);
}

struct Spec {
    int rows = 12, labelRows = 12;
    float poison = 0;  // 0: none; else written into modality a at sample 3
    int64_t badLabel = -1;
    bool emptyTest = false, groups = true;
};

void write(const std::string& path, const Spec& s) {
    H5::H5File f(path, H5F_ACC_TRUNC);
    strAttr(f, "format", "mfh-dataset");
    if (!s.groups) return;
    auto mods = f.createGroup("modalities");
    std::vector<float> a(s.rows * 3), b(s.rows * 2);
    for (std::size_t i = 0; i < a.size(); ++i) a[i] = std::sin(float(i));
    for (std::size_t i = 0; i < b.size(); ++i) b[i] = std::cos(float(i));
    if (s.poison != 0) a[3 * 3 + 1] = s.poison;
    floats(mods, "a", a, s.rows);
    floats(mods, "b", b, s.rows);
    auto root = f.openGroup("/");
    std::vector<int64_t> labels(s.labelRows);
    for (int i = 0; i < s.labelRows; ++i) labels[i] = i % 2;
    if (s.badLabel >= 0) labels[5] = s.badLabel;
    ints(root, "labels", labels);
    {  // two classes, so that label 7 is out of range
        H5::StrType t(H5::PredType::C_S1, H5T_VARIABLE);
        const char* names[2] = {"even", "odd"};
        hsize_t n[1] = {2};
        root.openDataSet("labels")
            .createAttribute("class_names", t, H5::DataSpace(1, n))
            .write(t, names);
    }
    auto splits = f.createGroup("splits");
    ints(splits, "train", {0, 1, 2, 3, 4, 5, 6, 7});
    ints(splits, "test", s.emptyTest ? std::vector<int64_t>{} : std::vector<int64_t>{8, 9, 10, 11});
}

}  // namespace

int main(int argc, char** argv) {
    const std::string dir = argc > 1 ? argv[1] : ".";
    write(dir + "/valid.h5", {});
    write(dir + "/no_groups.h5", [] {
        Spec s;
        s.groups = false;
        return s;
    }());
    write(dir + "/length_mismatch.h5", [] {
        Spec s;
        s.labelRows = 10;
        return s;
    }());
    write(dir + "/label_out_of_range.h5", [] {
        Spec s;
        s.badLabel = 7;
        return s;
    }());
    write(dir + "/nan_features.h5", [] {
        Spec s;
        s.poison = std::numeric_limits<float>::quiet_NaN();
        return s;
    }());
    write(dir + "/inf_features.h5", [] {
        Spec s;
        s.poison = std::numeric_limits<float>::infinity();
        return s;
    }());
    write(dir + "/empty_split.h5", [] {
        Spec s;
        s.emptyTest = true;
        return s;
    }());
    std::ofstream(dir + "/not_hdf5.h5") << "this is a text file, not HDF5\n";
    return 0;
}
