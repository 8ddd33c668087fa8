#include "verify_dot_flags.hpp"

#include "common.hpp"

#include <adplan/io/atomic_file.hpp>
#include <adplan/io/graphviz.hpp>
#include <adplan/verify/verify_dot.hpp>

#include <filesystem>
#include <ostream>

namespace adplan::cli {

void add_verify_dot_flags(CLI::App& cmd, VerifyDotFlags& flags) {
  cmd.add_option("--dot", flags.file,
                 "draw what verify saw as Graphviz DOT into FILE (replaced), and FILE.svg beside it when dot is "
                 "installed: each client's methods, where it stopped, the findings on the edges (red: errors)");
}

int write_verify_dot(Context& ctx, const VerifyDotFlags& flags, const verify::VerifyResult& result,
                     const observe::Observations& obs) {
  if (flags.file.empty()) return 0;
  const std::string dot = verify::render_verify_dot(result, obs);
  if (auto w = write_file_atomic(flags.file, dot, WriteOptions{0644, true}); !w)
    return fail(ctx, with_flag(w.error(), "--dot"));
  std::filesystem::path svg_path(flags.file);
  svg_path =
      svg_path.extension() == ".dot" ? svg_path.replace_extension(".svg") : std::filesystem::path(flags.file + ".svg");
  auto svg = run_dot(dot, "svg");
  if (!svg) {
    ctx.err << "adplan: note: " << svg_path.string() << " not written: " << svg.error().to_string() << "\n";
    return 0;
  }
  if (auto w = write_file_atomic(svg_path, *svg, WriteOptions{0644, true}); !w)
    return fail(ctx, with_flag(w.error(), "--dot"));
  return 0;
}

}  // namespace adplan::cli
