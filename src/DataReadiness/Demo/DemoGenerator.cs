using System.Globalization;
using System.Text;
using DataReadiness.Reporting;
using Parquet;
using Parquet.Schema;

namespace DataReadiness.Demo;

/// <summary>What the generator wrote and the truth it knows about it.</summary>
public sealed record DemoOutput(string Directory, string LivePath, string PocPath, string JobPath, string TruthDirectory, DemoSummary Summary);

/// <summary>truth/summary.json: sizes, accuracies and injected defect counts by side and kind.</summary>
public sealed record DemoSummary(
    int Seed,
    long LiveRows,
    long PocRows,
    double PocAccuracyObserved,
    double PocAccuracyExpected,
    double LiveAccuracyTrue,
    IReadOnlyDictionary<string, long> LiveDefects,
    IReadOnlyDictionary<string, long> PocDefects,
    IReadOnlyDictionary<string, double> Retention);

/// <summary>
/// Generates a realistic live ERP purchase-order extract (CSV) and its curated POC counterpart (Parquet, with the
/// model's per-row outcome), deterministically from a seed, streaming so it scales to millions of rows. Every
/// injected defect is written to truth/defects.csv and every row's true chance of a correct prediction to
/// truth/rows.csv, so rules and estimates can be measured against ground truth.
/// </summary>
public static class DemoGenerator
{
    public static readonly string[] LiveColumns =
    [
        "po_number", "line_no", "order_date", "vendor_name", "item_code", "item_desc", "qty", "uom", "gross_weight_kg",
        "unit_price", "currency", "plant", "req_delivery_date", "dock_slot", "buyer_id", "notes",
    ];

    public static readonly string[] PocColumns =
    [
        "po_number", "line_no", "order_date", "vendor_name", "item_code", "item_desc", "qty", "uom", "gross_weight_kg",
        "unit_price", "currency", "plant", "requested_delivery_date", "dock_slot", "notes", "model_correct",
    ];

    private const int PocRowGroup = 50_000;
    /// <summary>The demo job samples fewer rows than the extract holds, as a real job on a large extract does.</summary>
    public const int DemoSampleRows = 10_000;

    public static DemoOutput Generate(DemoWorld world, string directory)
    {
        var inputs = Path.Combine(directory, "inputs");
        var truth = Path.Combine(directory, "truth");
        Directory.CreateDirectory(inputs);
        Directory.CreateDirectory(truth);
        var livePath = Path.Combine(inputs, "live.csv");
        var pocPath = Path.Combine(inputs, "poc.parquet");

        using var defects = new StreamWriter(Path.Combine(truth, "defects.csv"), false, new UTF8Encoding(false));
        using var rowsTruth = new StreamWriter(Path.Combine(truth, "rows.csv"), false, new UTF8Encoding(false));
        defects.Write("side,row,column,kind,value,clean_value\n");
        rowsTruth.Write("side,row,p_correct,defects\n");

        var liveCounts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var pocCounts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var (liveRows, liveAccuracy) = WriteLive(world, livePath, defects, rowsTruth, liveCounts);
        var (pocRows, pocObserved, pocExpected) = WritePoc(world, pocPath, defects, rowsTruth, pocCounts);

        var summary = new DemoSummary(world.Seed, liveRows, pocRows, pocObserved, pocExpected, liveAccuracy,
            liveCounts, pocCounts, DefectKinds.Retention);
        File.WriteAllText(Path.Combine(truth, "summary.json"), Json.Serialize(summary));
        var jobPath = Path.Combine(directory, "demo.yaml");
        File.WriteAllText(jobPath, JobFile(DemoSampleRows));
        return new DemoOutput(directory, livePath, pocPath, jobPath, truth, summary);
    }

    private static string JobFile(long sampleRows) => $"""
        # Written by `datareadiness demo`: the live extract and its curated POC set, with known defects.
        name: demo
        live: {"{"} path: inputs/live.csv {"}"}
        poc:
          path: inputs/poc.parquet
          outcome: model_correct
        sample: {"{"} rows: {sampleRows}, seed: 42 {"}"}
        # No columns: section: each rule finds from the values of both sides which columns it applies to (and, for
        # gross_weight_kg, that it goes per qty within each item). findings.json says what it found, column by column.
        gate: {"{"} min_expected_accuracy: 0.85, max_drop_points: 10 {"}"}

        """;

    private static (long Rows, double Accuracy) WriteLive(DemoWorld world, string path, StreamWriter defects,
        StreamWriter rowsTruth, IDictionary<string, long> counts)
    {
        var random = new Random(world.Seed);
        // The dock slot and the tokens in it and in the notes draw from a stream of their own, so the rest of a
        // seed's world is as it was before they existed.
        var extra = new Random(unchecked(world.Seed * 7919 + 1));
        // The shift worlds' knobs draw from a stream of their own too: with every knob off, a seed writes what it always did.
        var shift = new Random(unchecked(world.Seed * 104729 + 3));
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.Write(string.Join(',', LiveColumns) + "\n");
        var state = new OrderState();
        long row = 0;
        double pSum = 0;
        for (int i = 0; i < world.LiveRows; i++)
        {
            var clean = CleanRow.Next(random, state, world.LiveVendorSkew, world.Live.UnseenVendor, shift, world.LiveHardItemSkew);
            clean = Expedite(clean, shift, world.LiveExpeditedShare);
            var dirty = Shifted(clean, Dirty(clean, random, extra, world, world.Live, live: true), shift, world);
            row++;
            WriteCsvRow(writer, dirty.Values);
            pSum += RecordTruth("live", row, clean, dirty, defects, rowsTruth, counts);
            if (random.NextDouble() < world.Live.DuplicateRow)
            {
                // A re-sent line: the same record again, as interfaces do after a timeout.
                row++;
                WriteCsvRow(writer, dirty.Values);
                var duplicate = dirty with { Defects = [.. dirty.Defects, new Defect("*", DefectKinds.DuplicateRow, $"row {row - 1}", "")] };
                pSum += RecordTruth("live", row, clean, duplicate, defects, rowsTruth, counts);
            }
        }
        return (row, pSum / row);
    }

    private static (long Rows, double Observed, double Expected) WritePoc(DemoWorld world, string path, StreamWriter defects,
        StreamWriter rowsTruth, IDictionary<string, long> counts)
    {
        var random = new Random(unchecked(world.Seed * 31 + 17));
        var extra = new Random(unchecked(world.Seed * 7919 + 2));
        var shift = new Random(unchecked(world.Seed * 104729 + 4));
        double expedited = world.LiveExpeditedShare > 0 ? DemoWorld.PocExpeditedShare : 0;
        var fields = PocColumns.Select(PocField).ToArray();
        var schema = new ParquetSchema(fields);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        // Dictionary-encoded text, as pandas, Spark and DuckDB write it by default (Parquet.Net writes plain text unless told).
        var options = new ParquetOptions();
        foreach (var field in fields.OfType<DataField<string>>()) options.ColumnEncodingHints[field.Path.ToString()] = EncodingHint.Dictionary;
        var parquet = ParquetWriter.CreateAsync(schema, stream, options).GetAwaiter().GetResult();
        var state = new OrderState();
        long row = 0, correct = 0;
        double pSum = 0;
        var batch = new List<(string?[] Values, int Outcome)>(PocRowGroup);
        int total = world.EffectivePocRows;
        for (int i = 0; i < total; i++)
        {
            var clean = Expedite(CleanRow.Next(random, state, liveVendorSkew: false, 0, shift, 0), shift, expedited);
            var dirty = Shifted(clean, Dirty(clean, random, extra, world, world.Poc, live: false), shift, world with { LiveForeignDescriptions = 0 });
            row++;
            double p = RecordTruth("poc", row, clean, dirty, defects, rowsTruth, counts);
            pSum += p;
            int outcome = random.NextDouble() < p ? 1 : 0;
            correct += outcome;
            batch.Add((dirty.Values, outcome));
            if (batch.Count == PocRowGroup || i == total - 1)
            {
                WritePocRowGroup(parquet, fields, batch);
                batch.Clear();
            }
        }
        parquet.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return (row, (double)correct / row, pSum / row);
    }

    private static DataField PocField(string name) => name switch
    {
        "line_no" or "qty" or "model_correct" => new DataField<int>(name),
        "gross_weight_kg" or "unit_price" => new DataField<double?>(name),
        _ => new DataField<string>(name),
    };

    private static void WritePocRowGroup(ParquetWriter parquet, DataField[] fields, List<(string?[] Values, int Outcome)> batch)
    {
        using var group = parquet.CreateRowGroup();
        for (int c = 0; c < fields.Length; c++)
        {
            var field = fields[c];
            // POC columns follow the live layout except the renamed delivery date, the dropped buyer and the outcome.
            int liveIndex = field.Name switch
            {
                "requested_delivery_date" => Array.IndexOf(LiveColumns, "req_delivery_date"),
                _ => Array.IndexOf(LiveColumns, field.Name),
            };
            if (field.Name == "model_correct")
                group.WriteAsync<int>(field, batch.Select(b => b.Outcome).ToArray().AsMemory()).GetAwaiter().GetResult();
            else if (field.ClrType == typeof(int))
                group.WriteAsync<int>(field, batch.Select(b => int.Parse(b.Values[liveIndex]!, CultureInfo.InvariantCulture)).ToArray().AsMemory()).GetAwaiter().GetResult();
            else if (field.ClrType == typeof(double))
                group.WriteAsync<double>(field, batch.Select(b => ParseOrNull(b.Values[liveIndex])).ToArray().AsMemory()).GetAwaiter().GetResult();
            else
                group.WriteAsync(field, batch.Select(b => b.Values[liveIndex]).ToArray()).GetAwaiter().GetResult();
        }
    }

    private static double? ParseOrNull(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static double RecordTruth(string side, long row, CleanRow clean, DirtyRow dirty, StreamWriter defects,
        StreamWriter rowsTruth, IDictionary<string, long> counts)
    {
        double p = clean.BaseAccuracy;
        foreach (var d in dirty.Defects)
        {
            p *= DefectKinds.Retention[d.Kind];
            counts[d.Kind] = counts.TryGetValue(d.Kind, out var n) ? n + 1 : 1;
            defects.Write(string.Join(',', side, row.ToString(CultureInfo.InvariantCulture), d.Column, d.Kind, Quote(d.Value), Quote(d.Clean)) + "\n");
        }
        var signature = string.Join('|', dirty.Defects.Select(d => d.Kind).Distinct().Order(StringComparer.Ordinal));
        rowsTruth.Write($"{side},{row},{p.ToString("0.######", CultureInfo.InvariantCulture)},{signature}\n");
        return p;
    }

    private sealed record Defect(string Column, string Kind, string Value, string Clean);

    private sealed record DirtyRow(string?[] Values, IReadOnlyList<Defect> Defects);

    private static DirtyRow Dirty(CleanRow clean, Random random, Random extra, DemoWorld world, DefectRates rates, bool live)
    {
        var v = clean.Render();
        v[Array.IndexOf(LiveColumns, "dock_slot")] = DemoCatalog.DockSlots[extra.Next(DemoCatalog.DockSlots.Length)];
        var defects = new List<Defect>();
        int Col(string name) => Array.IndexOf(LiveColumns, name);
        void Set(string column, string kind, string value)
        {
            defects.Add(new Defect(column, kind, value, v[Col(column)] ?? ""));
            v[Col(column)] = value;
        }
        bool Roll(double rate) => rate > 0 && random.NextDouble() < rate;

        if (Roll(rates.NullToken / 3)) Set("vendor_name", DefectKinds.NullToken, Pick(random, DemoCatalog.NullTokens));
        else
        {
            if (Roll(rates.VendorVariant)) Set("vendor_name", DefectKinds.VendorVariant, VendorVariants.Make(clean.Vendor, random));
            // A vendor the POC never saw, however it is spelled here.
            if (clean.UnseenVendor) defects.Add(new Defect("vendor_name", DefectKinds.UnseenVendor, v[Col("vendor_name")]!, clean.Vendor));
        }

        double kg = clean.WeightKg;
        double u = random.NextDouble();
        double threshold = rates.NullToken;
        if (u < threshold) Set("gross_weight_kg", DefectKinds.NullToken, live && world.LiveOnlyNullForms ? Pick(random, DemoCatalog.NullTokens) : "");
        // A world where the live extract writes the whole column in pounds (another plant's system).
        else if (live && world.LiveWeightInPounds) Set("gross_weight_kg", DefectKinds.UnitPounds, Number(kg * 2.20462, 2));
        else if (u < (threshold += rates.WeightInPounds)) Set("gross_weight_kg", DefectKinds.UnitPounds, Number(kg * 2.20462, 2));
        else if (u < (threshold += rates.WeightInGrams)) Set("gross_weight_kg", DefectKinds.UnitGrams, Number(kg * 1000, 0));
        else if (u < (threshold += rates.WeightWithUnitSuffix))
        {
            var text = random.Next(3) switch
            {
                0 => Number(kg * 2.20462, 1) + " lbs",
                1 => Number(kg * 2.20462, 1) + " lb",
                _ => Number(kg, 2) + " kg",
            };
            Set("gross_weight_kg", DefectKinds.UnitSuffix, text);
        }
        else if (u < (threshold += rates.DecimalComma) && kg != Math.Floor(kg))
            Set("gross_weight_kg", DefectKinds.DecimalComma, Number(kg, 3).Replace('.', ','));

        if (Roll(rates.Placeholder)) Set("item_code", DefectKinds.Placeholder, Pick(random, DemoCatalog.Placeholders));
        if (Roll(rates.NullToken)) Set("uom", DefectKinds.NullToken, Pick(random, DemoCatalog.NullTokens));
        else if (Roll(rates.UomSynonym)) Set("uom", DefectKinds.UomSynonym, Pick(random, DemoCatalog.UomSynonyms[clean.Item.Uom]));
        else if (Roll(rates.MixedUom)) Set("uom", DefectKinds.MixedUom, DemoCatalog.OtherUom[clean.Item.Uom]);

        if (live && world.LiveOnlyNullForms && Roll(rates.NullToken / 2)) Set("unit_price", DefectKinds.NullToken, Pick(random, DemoCatalog.NullTokens));
        if (Roll(rates.NullToken)) Set("req_delivery_date", DefectKinds.NullToken, Pick(random, DemoCatalog.NullDateTokens));
        if (Roll(rates.DateFormat))
            Set("order_date", DefectKinds.DateFormat, clean.OrderDate.ToString(random.Next(2) == 0 ? "dd.MM.yyyy" : "MM/dd/yyyy", CultureInfo.InvariantCulture));
        if (Roll(rates.CategoryVariant))
            Set("plant", DefectKinds.CategoryVariant, random.Next(3) switch { 0 => clean.Plant.ToLowerInvariant(), 1 => clean.Plant + " ", _ => " " + clean.Plant });
        if (clean.Note.Length > 0 && Roll(rates.Shorthand))
            Set("notes", DefectKinds.Shorthand, world.StandardShorthand ? StandardAbbreviation(clean.Note) : Abbreviate(clean.Note, random));
        // Words for "no value" in a time column and in free text (drawn last, from their own stream).
        if (rates.TimeToken > 0 && extra.NextDouble() < rates.TimeToken)
            Set("dock_slot", DefectKinds.NullToken, DemoCatalog.TimeTokens[extra.Next(DemoCatalog.TimeTokens.Length)]);
        if (clean.Note.Length == 0 && rates.NoteToken > 0 && extra.NextDouble() < rates.NoteToken)
            Set("notes", DefectKinds.NullToken, DemoCatalog.NoteTokens[extra.Next(DemoCatalog.NoteTokens.Length)]);
        return new DirtyRow(v, defects);
    }

    /// <summary>An expedited order (with the given chance): a few units at short notice, with a surcharge on the price.</summary>
    private static CleanRow Expedite(CleanRow clean, Random shift, double share)
    {
        if (share <= 0 || shift.NextDouble() >= share) return clean;
        int qty = Math.Max(1, clean.Qty / 5);
        return clean with
        {
            Expedited = true,
            Qty = qty,
            WeightKg = Math.Round(clean.WeightKg * qty / clean.Qty, 3),
            UnitPrice = Math.Round(clean.UnitPrice * 1.15, 2),
        };
    }

    /// <summary>What the shift worlds add to a row: the expedited class, and descriptions from a German-language system.</summary>
    private static DirtyRow Shifted(CleanRow clean, DirtyRow dirty, Random shift, DemoWorld world)
    {
        var defects = dirty.Defects;
        if (clean.Expedited) defects = [.. defects, new Defect("*", DefectKinds.Expedited, "expedited", "")];
        if (world.LiveForeignDescriptions > 0 && shift.NextDouble() < world.LiveForeignDescriptions)
        {
            int column = Array.IndexOf(LiveColumns, "item_desc");
            var german = DemoCatalog.GermanDescriptions[clean.ItemIndex];
            defects = [.. defects, new Defect("item_desc", DefectKinds.ForeignDescription, german, dirty.Values[column] ?? "")];
            dirty.Values[column] = german;
        }
        return dirty with { Defects = defects };
    }

    /// <summary>A standard text in its one shorthand form: every glossary word shortened, as a template in an ERP is.</summary>
    private static string StandardAbbreviation(string note) =>
        string.Join(' ', note.Split(' ').Select(w =>
            DemoCatalog.Shorthand.TryGetValue(w.TrimEnd(','), out var shortForm) ? shortForm + (w.EndsWith(',') ? "," : "") : w));

    private static string Abbreviate(string note, Random random)
    {
        var words = note.Split(' ');
        bool changed = false;
        for (int i = 0; i < words.Length; i++)
        {
            var word = words[i].TrimEnd(',');
            var comma = words[i].EndsWith(',') ? "," : "";
            if (DemoCatalog.Shorthand.TryGetValue(word, out var shortForm) && random.NextDouble() < 0.85)
            {
                words[i] = shortForm + comma;
                changed = true;
            }
        }
        var result = string.Join(' ', words);
        if (!changed)
        {
            var first = DemoCatalog.Shorthand.Keys.Where(k => note.Split(' ', ',').Contains(k)).OrderBy(k => k, StringComparer.Ordinal).FirstOrDefault();
            if (first is not null) result = string.Join(' ', note.Split(' ').Select(w => w.TrimEnd(',') == first ? DemoCatalog.Shorthand[first] + (w.EndsWith(',') ? "," : "") : w));
        }
        // Operators also drop the commas and use capitals at random.
        return random.Next(4) == 0 ? result.ToUpperInvariant() : result;
    }

    internal static string Number(double value, int decimals) =>
        Math.Round(value, decimals).ToString("0." + new string('#', Math.Max(decimals, 0)), CultureInfo.InvariantCulture);

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];

    private static void WriteCsvRow(TextWriter writer, string?[] values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (i > 0) writer.Write(',');
            writer.Write(Quote(values[i] ?? ""));
        }
        writer.Write('\n');
    }

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (value.Length > 0 && (value[0] == ' ' || value[^1] == ' '))
            ? "\"" + value.Replace("\"", "\"\"") + "\""
            : value;

    /// <summary>Purchase-order numbering that carries over from row to row.</summary>
    private sealed class OrderState
    {
        public long PoNumber = 4500120000;
        public int LinesLeft;
        public int LineNo;
        public DateOnly OrderDate;
        public int Vendor;
    }

    private sealed record CleanRow(
        long PoNumber, int LineNo, DateOnly OrderDate, string Vendor, bool UnseenVendor, int ItemIndex,
        (string Description, string Uom, double KgPerUnit) Item, int Qty, double WeightKg, double UnitPrice,
        string Currency, string Plant, DateOnly RequestedDelivery, string Buyer, string Note)
    {
        public bool Expedited { get; init; }

        /// <summary>Some items are harder for the model than others, whatever the data quality.</summary>
        public double BaseAccuracy => BaseAccuracyOf(ItemIndex);

        public static double BaseAccuracyOf(int itemIndex) => 0.90 + 0.07 * ((itemIndex * 7919) % 11) / 10.0;

        public static CleanRow Next(Random random, OrderState state, bool liveVendorSkew, double unseenVendorRate, Random shift, double hardItemSkew)
        {
            int knownVendors = DemoCatalog.Vendors.Length - DemoCatalog.LiveOnlyVendors;
            if (state.LinesLeft == 0)
            {
                state.PoNumber++;
                state.LinesLeft = 1 + random.Next(5);
                state.LineNo = 0;
                state.OrderDate = new DateOnly(2026, 1, 1).AddDays(random.Next(304));
                // Live orders concentrate on fewer vendors than the evenly curated POC set: a drift in the mix.
                state.Vendor = liveVendorSkew ? (int)(knownVendors * Math.Pow(random.NextDouble(), 1.8)) : random.Next(knownVendors);
            }
            state.LinesLeft--;
            state.LineNo += 10;
            bool unseen = unseenVendorRate > 0 && random.NextDouble() < unseenVendorRate;
            var vendor = unseen
                ? DemoCatalog.Vendors[knownVendors + random.Next(DemoCatalog.LiveOnlyVendors)]
                : DemoCatalog.Vendors[state.Vendor];
            int itemIndex = random.Next(DemoCatalog.Items.Length);
            // Covariate shift: an item is kept with a chance that falls from 1 (the hardest) to e^-skew (the easiest),
            // else another is drawn, from the shift stream, so the main stream stays as it was.
            while (hardItemSkew > 0 && shift.NextDouble() >= Math.Exp(-hardItemSkew * (BaseAccuracyOf(itemIndex) - 0.90) / 0.07))
                itemIndex = shift.Next(DemoCatalog.Items.Length);
            var item = DemoCatalog.Items[itemIndex];
            int qty = item.Uom switch
            {
                "KG" or "L" => 5 * (1 + random.Next(60)),
                "M" => 10 * (1 + random.Next(30)),
                _ => 1 + (int)(40 * Math.Pow(random.NextDouble(), 2)),
            };
            double weight = qty * item.KgPerUnit * (1 + 0.02 * (random.NextDouble() * 2 - 1));
            double price = Math.Round((3 + itemIndex * 4.5) * (1 + 0.05 * (random.NextDouble() * 2 - 1)), 2);
            var note = random.NextDouble() < 0.6 ? Pick(random, DemoCatalog.NoteTemplates) : "";
            return new CleanRow(state.PoNumber, state.LineNo, state.OrderDate, vendor, unseen, itemIndex, item, qty,
                Math.Round(weight, 3), price, Pick(random, DemoCatalog.Currencies), Pick(random, DemoCatalog.Plants),
                state.OrderDate.AddDays(7 + random.Next(54)), Pick(random, DemoCatalog.Buyers), note);
        }

        public string?[] Render() =>
        [
            PoNumber.ToString(CultureInfo.InvariantCulture), LineNo.ToString(CultureInfo.InvariantCulture),
            OrderDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Vendor,
            "MAT-" + (10000 + ItemIndex).ToString(CultureInfo.InvariantCulture), Item.Description,
            Qty.ToString(CultureInfo.InvariantCulture), Item.Uom, Number(WeightKg, 3), Number(UnitPrice, 2), Currency, Plant,
            // The dock slot (null here) is drawn by the generator from a stream of its own.
            RequestedDelivery.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), null, Buyer, Note,
        ];
    }
}
