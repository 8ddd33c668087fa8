#include <adplan/planner/key_spec.hpp>

#include <doctest/doctest.h>

using namespace adplan;

TEST_CASE("key specs: the supported keys and their hashes") {
  CHECK(parse_key_spec("rsa:2048")->str() == "rsa:2048");
  CHECK(parse_key_spec("rsa:3072")->bits == 3072);
  CHECK(parse_key_spec("rsa:4096")->hash() == "SHA-256");
  CHECK(parse_key_spec("ec:p256")->curve() == "secp256r1");
  CHECK(parse_key_spec("ec:p256")->hash() == "SHA-256");
  CHECK(parse_key_spec("ec:p384")->curve() == "secp384r1");
  CHECK(parse_key_spec("ec:p384")->hash() == "SHA-384");
}

TEST_CASE("key specs: every refusal says why") {
  SUBCASE("RSA below 2048 bits names the rule") {
    auto e = parse_key_spec("rsa:1024").error();
    CHECK(e.code == "input.key");
    CHECK(e.field == "key");  // the field; the CLI adds the flag
    CHECK(e.message.find("at least 2048 bits") != std::string::npos);
    CHECK(e.message.find("Baseline Requirements 6.1.5") != std::string::npos);
    CHECK(e.to_string().find("\"rsa:1024\"") != std::string::npos);
    CHECK_FALSE(parse_key_spec("rsa:2047").has_value());
    CHECK_FALSE(parse_key_spec("rsa:512").has_value());
  }
  SUBCASE("odd RSA sizes") {
    CHECK(parse_key_spec("rsa:2049").error().message.find("not a supported") != std::string::npos);
  }
  SUBCASE("not a number") {
    CHECK(parse_key_spec("rsa:big").error().message.find("not a key size") != std::string::npos);
  }
  SUBCASE("curves outside BR 6.1.5") {
    CHECK(parse_key_spec("ec:secp256k1").error().message.find("6.1.5") != std::string::npos);
    CHECK_FALSE(parse_key_spec("ec:p521x").has_value());
  }
  SUBCASE("unknown algorithm") {
    CHECK(parse_key_spec("dsa:2048").error().message == "\"dsa:2048\" is not a key type");
  }
}
