import ECETokenKit
import Testing

@Suite("Timestamps and Durations")
struct TimeTests {
    // MARK: - Timestamps.rfc3339

    @Test(
        "Unix seconds format as RFC 3339 UTC",
        arguments: [
            (Int64(0), "1970-01-01T00:00:00Z"),
            (1_493_646_213, "2017-05-01T13:43:33Z"),
            (-1, "1969-12-31T23:59:59Z"),
            (-86_400, "1969-12-31T00:00:00Z"),
            (-86_401, "1969-12-30T23:59:59Z"),
            (951_782_400, "2000-02-29T00:00:00Z"),
            (1_483_228_799, "2016-12-31T23:59:59Z"),
            (1_800_000_000, "2027-01-15T08:00:00Z"),
            (4_102_444_800, "2100-01-01T00:00:00Z"),
            (Timestamps.maximumFormattable, "9999-12-31T23:59:59Z"),
            (Timestamps.minimumFormattable, "0001-01-01T00:00:00Z"),
        ]
    )
    func format(seconds: Int64, text: String) {
        #expect(Timestamps.rfc3339(seconds) == text)
        #expect(Timestamps.parseRFC3339(text) == seconds)
    }

    @Test(
        "Times outside years 0001 to 9999 are not formatted",
        arguments: [
            Timestamps.maximumFormattable + 1, Timestamps.minimumFormattable - 1, Int64.max, Int64.min,
        ]
    )
    func formatOutOfRange(seconds: Int64) {
        #expect(Timestamps.rfc3339(seconds) == nil)
    }

    @Test("Formatting and parsing agree on every day boundary across four centuries")
    func roundTripDays() {
        // Every 10th day from 1900 to 2300 plus a second before and after midnight: leap years included.
        var seconds: Int64 = -2_208_988_800  // 1900-01-01
        while seconds < 10_413_792_000 {  // 2300-01-01
            for probe in [seconds - 1, seconds, seconds + 43_210] {
                let text = Timestamps.rfc3339(probe)
                #expect(text.flatMap(Timestamps.parseRFC3339) == probe)
            }
            seconds += 86_400 * 10
        }
    }

    // MARK: - Timestamps.parseRFC3339

    @Test(
        "RFC 3339 text parses with Z, offsets and fractions",
        arguments: [
            ("2017-05-01T13:43:33Z", Int64(1_493_646_213)),
            ("2017-05-01t13:43:33z", 1_493_646_213),
            ("2017-05-01 13:43:33Z", 1_493_646_213),
            ("2017-05-01T15:43:33+02:00", 1_493_646_213),
            ("2017-05-01T08:13:33-05:30", 1_493_646_213),
            ("2017-05-01T13:43:33+00:00", 1_493_646_213),
            ("2017-05-01T13:43:33-00:00", 1_493_646_213),
            ("2017-05-01T13:43:33.999Z", 1_493_646_213),
            ("2017-05-01T13:43:33.1+01:00", 1_493_642_613),
            ("2017-05-01T13:43:33.000000001Z", 1_493_646_213),
            ("2016-12-31T23:59:60Z", 1_483_228_799),  // a leap second is held at :59
            ("2024-02-29T00:00:00Z", 1_709_164_800),
            ("2000-02-29T12:00:00Z", 951_825_600),
            ("0001-01-01T00:00:00Z", Timestamps.minimumFormattable),
        ]
    )
    func parse(text: String, seconds: Int64) {
        #expect(Timestamps.parseRFC3339(text) == seconds)
    }

    @Test(
        "Impossible dates and non-RFC 3339 text are refused",
        arguments: [
            "2017-02-30T00:00:00Z",  // February 30th
            "2023-02-29T00:00:00Z",  // not a leap year
            "1900-02-29T00:00:00Z",  // divisible by 100, not by 400
            "0000-01-01T00:00:00Z",  // year 0
            "2017-13-01T00:00:00Z",
            "2017-00-01T00:00:00Z",
            "2017-04-31T00:00:00Z",
            "2017-05-00T00:00:00Z",
            "2017-05-01T24:00:00Z",
            "2017-05-01T23:60:00Z",
            "2017-05-01T23:59:61Z",
            "2017-05-01T13:43:33",  // no zone
            "2017-05-01",
            "2017-05-01T13:43Z",
            "2017-05-01T13:43:33+0200",
            "2017-05-01T13:43:33+24:00",
            "2017-05-01T13:43:33+02:60",
            "2017-05-01T13:43:33.Z",  // fraction without digits
            "2017-05-01T13:43:33Z ",
            " 2017-05-01T13:43:33Z",
            "2017-05-01T13:43:33ZZ",
            "17-05-01T13:43:33Z",
            "2017/05/01T13:43:33Z",
            "2017-5-1T13:43:33Z",
            "+2017-05-01T13:43:33Z",
            "1493646213",
            "",
            "２０１７-05-01T13:43:33Z",
        ]
    )
    func parseInvalid(text: String) {
        #expect(Timestamps.parseRFC3339(text) == nil)
    }

    // MARK: - Durations.parse

    @Test(
        "Durations parse into seconds",
        arguments: [
            ("90s", Int64(90)), ("30m", 1800), ("1h", 3600), ("1h30m", 5400), ("2d", 172_800), ("30", 30),
            ("0", 0), ("0s", 0), ("1d2h3m4s", 93_784), ("2h5m", 7500), ("1m30s", 90), ("1d1s", 86_401),
            ("999999999999", 999_999_999_999), ("999999999999d", 999_999_999_999 * 86_400),
        ] as [(String, Int64)]
    )
    func parseDuration(text: String, seconds: Int64) {
        #expect(Durations.parse(text) == seconds)
    }

    @Test(
        "Malformed, negative, fractional and overflowing durations are refused",
        arguments: [
            "1m1h",  // units out of order
            "1h1h",  // a unit twice
            "h",  // no digits
            "-5s", "1.5h", "+5s", "", " ", "5 s", "5S", "5x", "1h30", "1hm", "s5", "5s ",
            "9999999999999",  // 13 digits
            "9999999999999s", "99999999999999999999d", "99999999999999999999",
        ]
    )
    func parseDurationInvalid(text: String) {
        #expect(Durations.parse(text) == nil)
    }

    // MARK: - Durations.describe

    @Test(
        "Durations are worded with their two largest units",
        arguments: [
            (Int64(7500), "2 h 5 min"), (2460, "41 min"), (273_600, "3 d 4 h"), (12, "12 s"), (0, "0 s"),
            (-2460, "41 min"), (65, "1 min 5 s"), (600, "10 min"), (659, "10 min"), (3600, "1 h"), (86_400, "1 d"),
            (90_000, "1 d 1 h"), (86_400 * 729, "729 d"), (86_400 * 730, "2 years"),
        ] as [(Int64, String)]
    )
    func describe(seconds: Int64, text: String) {
        #expect(Durations.describe(seconds: seconds) == text)
    }

    @Test("describe never traps, even at the ends of Int64")
    func describeExtremes() {
        #expect(Durations.describe(seconds: Int64.min).hasSuffix("years"))
        #expect(Durations.describe(seconds: Int64.max).hasSuffix("years"))
    }

    @Test("describeShort shows zero as 0 s", arguments: [(Int64(0), "0 s"), (30, "30 s"), (120, "2 min")])
    func describeShort(seconds: Int64, text: String) {
        #expect(Durations.describeShort(seconds: seconds) == text)
    }
}
