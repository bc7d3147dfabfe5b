#pragma once
// Summary statistics over seeds. The paper reports mean ± population standard deviation
// (np.std); the 95% confidence interval of the mean uses Student's t with the sample standard
// deviation, the usual choice for 10 seeds.
#include <vector>

namespace mfh {

struct Summary {
    int n = 0;
    double mean = 0, std = 0;      // population std, as the paper
    double ciLow = 0, ciHigh = 0;  // 95% CI of the mean (equal to the mean when n < 2)
};

class Statistics {
  public:
    static Summary summarize(const std::vector<double>& v);
    // The two-sided 95% critical value t_{0.975, dof} of Student's t (0 when dof < 1).
    static double tQuantile975(int dof);
    static double spearman(const std::vector<double>& a, const std::vector<double>& b);
};

}  // namespace mfh
