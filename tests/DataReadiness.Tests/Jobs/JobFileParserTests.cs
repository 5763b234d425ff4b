using DataReadiness.Configuration;
using DataReadiness.Findings;
using DataReadiness.Jobs;
using DataReadiness.Sources;

namespace DataReadiness.Tests.Jobs;

public class JobFileParserTests
{
    private static ConfigException Errors(string yaml) =>
        Assert.Throws<ConfigException>(() => JobFileParser.Parse(yaml, "job.yaml"));

    [Fact]
    public void A_full_job_file_parses_into_its_spec()
    {
        var job = JobFileParser.Parse("""
            name: purchase-orders
            live:  { path: extracts/po_live.csv, separator: ";", encoding: windows-1252 }
            poc:
              path: poc/po_curated.parquet
              outcome: model_correct
              accuracy: 0.94
            sample: { rows: 50000, seed: 7 }
            columns:
              vendor_name:     { role: vendor }
              gross_weight_kg: { role: measure, unit: kg, per: qty, group_by: item_desc }
            rules: [ rules/ ]
            gate:  { min_expected_accuracy: 0.85, max_drop_points: 10 }
            """, "/jobs/po.yaml");
        Assert.Equal("purchase-orders", job.Name);
        Assert.Equal(new SourceSpec("extracts/po_live.csv", SourceFormat.Auto, ';', "windows-1252"), job.Live);
        Assert.Equal("model_correct", job.Poc!.Outcome);
        Assert.Equal(0.94, job.Poc.Accuracy);
        Assert.Equal(new SampleSpec(50_000, 7), job.Sample);
        Assert.Equal(new ColumnSpec(ColumnRole.Measure, "kg", "qty", "item_desc") { At = (10, 3) }, job.Columns["gross_weight_kg"]);
        Assert.Equal(["rules/"], job.Rules);
        Assert.Equal(new GateSpec(0.85, 10), job.Gate);
        Assert.Equal("/jobs", job.BaseDirectory);
    }

    [Fact]
    public void A_minimal_job_gets_the_default_sample_and_no_poc()
    {
        var job = JobFileParser.Parse("name: po\nlive: extracts/po.csv\n", "job.yaml");
        Assert.Equal(new SourceSpec("extracts/po.csv"), job.Live);
        Assert.Null(job.Poc);
        Assert.Equal(new SampleSpec(SampleSpec.DefaultRows, SampleSpec.DefaultSeed), job.Sample);
    }

    [Fact]
    public void Every_mistake_is_reported_at_once_with_its_line_and_column()
    {
        var error = Errors("""
            name: po orders
            live: { path: a.csv, seperator: ";" }
            sample: { rows: -5, seed: abc }
            columns:
              vendor: { role: supplier }
            gate: { min_expected_accuracy: 1.5 }
            colums: {}
            """);
        var messages = error.Diagnostics.Select(d => d.ToString()).ToList();
        Assert.True(messages.Any(m => m.StartsWith("job.yaml(1,7): name 'po orders'")), string.Join("\n", messages));
        Assert.True(messages.Any(m => m.StartsWith("job.yaml(2,22): live: unknown key 'seperator'; did you mean 'separator'?")), string.Join("\n", messages));
        Assert.True(messages.Any(m => m.StartsWith("job.yaml(3,17): rows: -5 is out of range")), string.Join("\n", messages));
        Assert.True(messages.Any(m => m.StartsWith("job.yaml(3,27): seed: expected a whole number")), string.Join("\n", messages));
        Assert.True(messages.Any(m => m.StartsWith("job.yaml(5,19): columns.vendor.role: 'supplier' is not a role")), string.Join("\n", messages));
        Assert.True(messages.Any(m => m.StartsWith("job.yaml(6,32): min_expected_accuracy: 1.5 is out of range")), string.Join("\n", messages));
        Assert.True(messages.Any(m => m.StartsWith("job.yaml(7,1): job: unknown key 'colums'; did you mean 'columns'?")), string.Join("\n", messages));
        Assert.True(7 == messages.Count, string.Join("\n", messages));
    }

    [Fact]
    public void A_poc_label_goes_with_a_prediction()
    {
        var job = JobFileParser.Parse("name: j\nlive: { path: a.csv }\npoc: { path: p.csv, label: fault, prediction: predicted }\n", "job.yaml");
        Assert.Equal(("fault", "predicted"), (job.Poc!.Label, job.Poc.Prediction));
        var messages = Errors("name: j\nlive: { path: a.csv }\npoc: { path: p.csv, label: fault }\n").Diagnostics.Select(d => d.Message).ToList();
        Assert.Contains("poc: label and prediction go together (the true class and the model's, per row): give both or neither", messages);
    }

    [Fact]
    public void Model_scores_are_read_from_live_and_poc_with_their_meaning()
    {
        var job = JobFileParser.Parse("name: j\nlive: { path: a.csv, score: p }\npoc: { path: p.csv, outcome: ok, score: p, score_is: positive_class }\n", "job.yaml");
        Assert.Equal(("p", "p", ScoreMeaning.PositiveClass), (job.LiveScore, job.Poc!.Score, job.Poc.ScoreIs));
        Assert.Equal(["ok", "p"], job.ModelColumns);
        Assert.Equal(ScoreMeaning.Confidence, JobFileParser.Parse("name: j\nlive: { path: a.csv }\npoc: { path: p.csv, score: p }\n", "job.yaml").Poc!.ScoreIs);
        var messages = Errors("name: j\nlive: { path: a.csv, score: p }\n").Diagnostics.Select(d => d.Message).ToList();
        Assert.Contains(messages, m => m.StartsWith("live.score: the model's scores are read against a POC"));
        messages = Errors("name: j\nlive: { path: a.csv }\npoc: { path: p.csv, score: p, score_is: logit }\n").Diagnostics.Select(d => d.Message).ToList();
        Assert.Contains(messages, m => m.StartsWith("poc.score_is: 'logit' is not a meaning"));
    }

    [Fact]
    public void Missing_name_and_live_are_both_reported()
    {
        var messages = Errors("poc: { path: p.parquet }\n").Diagnostics.Select(d => d.Message).ToList();
        Assert.Contains("name is missing", messages);
        Assert.True(messages.Any(m => m.StartsWith("'live' is missing")), string.Join("\n", messages));
    }

    [Fact]
    public void Invalid_yaml_is_reported_with_its_position()
    {
        var error = Errors("name: po\nlive: { path: a.csv\nsample: 3\n");
        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.StartsWith("not valid YAML", diagnostic.Message);
        Assert.True(diagnostic.Line >= 2);
    }

    [Theory]
    [InlineData("name: po\nlive: { path: a.csv, separator: ';;' }\n", "separator: ';;' must be one ASCII character")]
    [InlineData("name: po\nlive: { path: a.csv, format: xls }\n", "'xls' is not a format; use csv, parquet or xlsx")]
    [InlineData("name: po\nlive: { path: a.csv, encoding: klingon }\n", "unknown encoding 'klingon'")]
    [InlineData("name: po\nlive: { path: a.csv, header: maybe }\n", "header: expected true or false")]
    [InlineData("name: po\nlive: { path: a.csv }\nrules: rules/\n", "rules: expected a list of paths")]
    [InlineData("name: po\nlive: [a.csv]\n", "live: expected a mapping")]
    [InlineData("name: po\nlive: { path: a.csv }\nlive: { path: b.csv }\n", "Duplicate key live")]
    public void Wrong_values_are_explained(string yaml, string expected)
    {
        Assert.Contains(Errors(yaml).Diagnostics, d => d.Message.Contains(expected));
    }

    [Fact]
    public void A_tab_separator_can_be_written_as_tab()
    {
        var job = JobFileParser.Parse("name: po\nlive: { path: a.tsv, separator: tab }\n", "job.yaml");
        Assert.Equal('\t', job.Live.Separator);
    }
}
