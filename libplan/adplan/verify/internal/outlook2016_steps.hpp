#pragma once
// The client simulation's steps (simulate.cpp) and the ones issue 11 adds (outlook2016_steps.cpp):
// Exchange Online's claim, and the POX redirect a method's answer carries.
#include <adplan/observe/observations.hpp>

#include <string>

namespace adplan::verify {

enum class End { Works, NotThere, CertificateWarning };

struct Step {
  End end = End::NotThere;
  std::string url;
  std::string note;
  bool untested = false;                      // works as far as verify went: it withheld the credentials (issue 10)
  const observe::PoxResponse* pox = nullptr;  // Works: the answer the client acts on (issue 11)
};

// Exchange Online's claim (observe::O365Probe): Works when Exchange Online answers 200 with a URL
// over a certificate the client accepts; anything else sends the client on (KB 3211279).
Step o365_step(const observe::Observations& obs);

// The redirect the probes followed for this answer's Action (nullptr when none was recorded).
const observe::PoxRedirect* find_redirect(const observe::Observations& obs, const observe::PoxResponse& pox);

}  // namespace adplan::verify
