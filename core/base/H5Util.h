#pragma once
// Small helpers over the HDF5 C++ API shared by the dataset and run files. Strings are written
// as variable-length UTF-8 so that h5py reads them as str. Every reader throws InputError with
// the object's path in the message; HDF5's own error stack printing is switched off.
#include <H5Cpp.h>
#include <torch/torch.h>

#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace mfh::h5 {

void silenceErrors();

// A new HDF5 file built in memory (HDF5's core driver, no backing store) and written to disk by
// writeTo() with checked POSIX writes. HDF5 itself never writes to the disk, so a full disk or
// a file size limit is one clean InputError: a file that HDF5 failed to flush would stay open
// inside the library and crash it at exit. Costs the file's size in memory while saving.
class MemoryFile {
  public:
    // `name` must be unique among open files. The image grows by `increment` bytes at a time,
    // each growth zero-filled by HDF5: small for small files (a run file), large for large
    // ones (a dataset), so that neither zeroes nor copies much more than it writes.
    explicit MemoryFile(const std::string& name, std::size_t increment = 64 << 20);
    ~MemoryFile();
    MemoryFile(const MemoryFile&) = delete;
    MemoryFile& operator=(const MemoryFile&) = delete;
    H5::H5File& file() { return file_; }
    // Writes the image to `path` (created or truncated) and closes the file; throws
    // InputError naming `target` (the file the user sees) and the system's reason.
    void writeTo(const std::string& path, const std::string& target);

  private:
    H5::H5File file_;
};

// The HDF5 library as Debian packages it is not built thread-safe: every reader and writer
// holds this lock for the whole of its HDF5 calls.
std::mutex& libraryMutex();

// Opens an existing file for reading; throws InputError for a missing file or one that is not
// HDF5, naming the path.
H5::H5File openForRead(const std::string& path);

void writeString(H5::H5Object& obj, const std::string& name, const std::string& value);
void writeDouble(H5::H5Object& obj, const std::string& name, double value);
void writeInt(H5::H5Object& obj, const std::string& name, int64_t value);
void writeStrings(H5::H5Object& obj, const std::string& name, const std::vector<std::string>& v);

std::optional<std::string> readString(const H5::H5Object& obj, const std::string& name);
std::optional<double> readDouble(const H5::H5Object& obj, const std::string& name);
std::vector<std::string> readStrings(const H5::H5Object& obj, const std::string& name);
std::vector<std::string> attributeNames(const H5::H5Object& obj);

// Opens a numeric (integer or float) dataset; InputError naming `what` when it is missing, a
// group or dangling link, or holds strings or another type.
H5::DataSet openNumeric(const H5::Group& g, const std::string& name, const std::string& what);

// Float32 tensor (any rank) and int64 vector datasets.
// Objects are created without modification times, so that the same content gives the same
// bytes (reproducible dataset files).
H5::Group createGroup(H5::Group& parent, const std::string& name);
const H5::DSetCreatPropList& untimed();

void writeTensor(H5::Group& g, const std::string& name, const torch::Tensor& t);
void writeInt64s(H5::Group& g, const std::string& name, const std::vector<int64_t>& v);
// A square int64 matrix [n, n] (rows of equal length; a confusion matrix).
void writeInt64Matrix(H5::Group& g, const std::string& name,
                      const std::vector<std::vector<int64_t>>& m);
void writeDoubles(H5::Group& g, const std::string& name, const std::vector<double>& v);
// Reads a numeric dataset of any integer or float type as float32. `what` names it in errors.
torch::Tensor readTensor(const H5::Group& g, const std::string& name, const std::string& what);
std::vector<std::vector<int64_t>> readInt64Matrix(const H5::Group& g, const std::string& name,
                                                  const std::string& what);
std::vector<int64_t> readInt64s(const H5::Group& g, const std::string& name,
                                const std::string& what);
std::vector<double> readDoubles(const H5::Group& g, const std::string& name,
                                const std::string& what);

// Creates group `name` under `parent` and writes each entry of a name -> value map into it
// with `write(group, name, value)` (a dataset or an attribute writer).
template <typename Map, typename Write>
void writeMap(H5::Group& parent, const std::string& name, const Map& map, Write write) {
    auto group = createGroup(parent, name);
    for (const auto& kv : map) write(group, kv.first, kv.second);
}

bool exists(const H5::Group& g, const std::string& path);
// Throws InputError when the dataset's storage is not allocated in full (declared, never
// written: HDF5 would return fill values).
void requireWritten(const H5::DataSet& ds, const std::string& what);
std::vector<std::string> children(const H5::Group& g);

}  // namespace mfh::h5
