// render --diff OLD: the change plan as change.md and change.ps1 (golden files for the 4 -> 1
// migration and for equal plans): steps in the safe order, additions before removals, the TTL
// wait named, and nothing in change.ps1 that PowerShell would run by mistake.
#include "fixtures.hpp"
#include "golden.hpp"

#include <adplan/model/deployment_json.hpp>
#include <adplan/planner/diff.hpp>
#include <adplan/render/change_plan.hpp>

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace adplan;

namespace {

Plan plan_file(const std::string& c, const std::string& name) {
  auto path = std::filesystem::path(ADPLAN_SOURCE_DIR) / "tests/golden/diff" / c / name;
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.good());
  std::stringstream text;
  text << in.rdbuf();
  auto d = load_deployment(text.str(), name);
  REQUIRE(d);
  return make_plan(*d, *find_scenario(d->scenario), PlanOptions{test::k_today});
}

std::vector<render::Artifact> change(const std::string& c) {
  auto d = diff_plans(plan_file(c, "old.json"), plan_file(c, "new.json"), DiffOptions{"new.json"});
  return render::render_change_plan(d, "old.json");
}

}  // namespace

TEST_CASE("change plan golden: migrations and equal plans") {
  for (std::string c : {"migrate-4-to-1", "migrate-2-to-3", "equal"}) {
    auto files = change(c);
    REQUIRE(files.size() == 2);
    CHECK(files[0].path == "change.md");
    CHECK(files[1].path == "change.ps1");
    for (const auto& f : files) {
      CAPTURE(c + "/" + f.path);
      CHECK(f.content == change(c)[&f - files.data()].content);  // deterministic
      test::check_golden("change/" + c + "/" + f.path, f.content);
    }
  }
}

TEST_CASE("change plan: additions before removals, the TTL wait named, a pause after each step") {
  auto files = change("migrate-4-to-1");
  const auto& md = files[0].content;
  const auto& ps = files[1].content;
  auto cert = md.find("## 1. Issue and install the new certificates");
  auto wait = md.find("Wait 3600 s");
  auto removals = md.find("Remove what the new plan no longer uses");
  REQUIRE(cert != std::string::npos);
  REQUIRE(wait != std::string::npos);
  REQUIRE(removals != std::string::npos);
  CHECK(cert < wait);
  CHECK(wait < removals);
  CHECK(md.find("Check: `adplan verify --plan new.json") != std::string::npos);
  // PowerShell: what is not PowerShell is a comment; each step ends in a pause.
  CHECK(ps.find("\nadplan ") == std::string::npos);
  CHECK(ps.find("# adplan (any machine with the plan): adplan csr --plan new.json") != std::string::npos);
  CHECK(ps.find("# fill in the <...> value, then run: Remove-ExchangeCertificate") != std::string::npos);
  CHECK(ps.find("\nRemove-Website -Name 'Autodiscover Redirect Web Site'") != std::string::npos);
  CHECK(ps.find("Read-Host 'step 5 done;") != std::string::npos);
  for (std::istringstream in(ps); !in.eof();) {
    std::string line;
    std::getline(in, line);
    if (!line.starts_with("#") && !line.starts_with("Read-Host"))
      CHECK_MESSAGE(line.find('<') == std::string::npos, line);
  }
  auto equal = change("equal");
  CHECK(equal[0].content.find("nothing to change") != std::string::npos);
}
