using System.Globalization;
using System.Text;
using DataReadiness.Bench.RealData;

namespace DataReadiness.Bench;

/// <summary>
/// Bench extracts shaped like the ones users bring, beside the demo's: a purchase-order extract whose text is real
/// (vendor and agency names from the Chicago childcare records, product titles from Abt-Buy, operator work-order
/// notes from the excavator maintenance logs; none written by this team) and an MES sensor extract of 30 columns,
/// mostly numbers. Seeded, so every machine writes the same bytes.
/// </summary>
public static class RealShapedFiles
{
    /// <summary>11 columns, one of them free text and one with long names: the shape of issue 21's 2M-row file.</summary>
    public static void WritePurchaseOrders(string file, int rows, int seed)
    {
        if (File.Exists(file)) return;
        var data = RealDataBenchmark.DataDirectory(AppContext.BaseDirectory) ?? RealDataBenchmark.DataDirectory(Directory.GetCurrentDirectory())
            ?? throw new InvalidOperationException("no real data (tests/DataReadiness.Tests/RealData) to draw the purchase orders' text from");
        var chicago = RealDataBenchmark.ReadCsv(Path.Combine(data, "chicago_childcare", "csv_example_input_with_true_ids.csv"));
        int site = Array.IndexOf(chicago[0], "Site name"), agency = Array.IndexOf(chicago[0], "Agency");
        var vendors = chicago.Skip(1).SelectMany(r => new[] { r[site], r[agency] }).Select(v => v.Replace('\n', ' ').Trim())
            .Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        var items = RealDataBenchmark.ReadCsv(Path.Combine(data, "abt_buy", "AbtBuy_Abt.csv")).Skip(1).Select(r => r[1]).ToArray();
        var notes = File.ReadAllLines(Path.Combine(data, "excavator_mwo", "im_pub_raw.txt")).Where(l => l.Trim().Length > 0).ToArray();
        string[] plants = ["DE01", "DE02", "US10", "PL03", "CN07"];
        string[] currencies = ["EUR", "EUR", "EUR", "USD", "PLN"];
        string[] statuses = ["open", "released", "partially received", "received", "closed"];
        var random = new Random(seed);
        var start = new DateTime(2024, 1, 1);
        using var writer = new StreamWriter(file, false, new UTF8Encoding(false), 1 << 16);
        writer.WriteLine("po_number,po_line,vendor_name,item_description,quantity,unit_price,currency,order_date,plant,status,buyer_note");
        for (int r = 0; r < rows; r++)
        {
            var vendor = vendors[(int)(vendors.Length * Math.Pow(random.NextDouble(), 2))]; // a few vendors take most orders
            var note = random.Next(3) == 0 ? "" : notes[random.Next(notes.Length)];
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"PO-{4500000000L + r / 4},{r % 4 + 1},{Quoted(vendor)},{Quoted(items[random.Next(items.Length)])},{random.Next(1, 500)},"));
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"{Math.Round(random.NextDouble() * 900 + 1, 2):0.00},{currencies[random.Next(currencies.Length)]},{start.AddDays(random.Next(700)):yyyy-MM-dd},"));
            writer.Write(plants[random.Next(plants.Length)]);
            writer.Write(',');
            writer.Write(statuses[random.Next(statuses.Length)]);
            writer.Write(',');
            writer.WriteLine(Quoted(note));
        }
    }

    /// <summary>30 columns as an MES historian exports them: a timestamp, machine and batch codes, 26 sensor readings, a state.</summary>
    public static void WriteSensorReadings(string file, int rows, int seed)
    {
        if (File.Exists(file)) return;
        string[] sensors = ["spindle_temp_c", "spindle_load_pct", "spindle_rpm", "feed_rate_mm_min", "coolant_temp_c", "coolant_flow_l_min",
            "coolant_pressure_bar", "hydraulic_pressure_bar", "hydraulic_temp_c", "vibration_x_mm_s", "vibration_y_mm_s", "vibration_z_mm_s",
            "axis_x_pos_mm", "axis_y_pos_mm", "axis_z_pos_mm", "motor_current_a", "motor_voltage_v", "power_kw", "air_pressure_bar",
            "ambient_temp_c", "humidity_pct", "part_weight_kg", "cycle_time_s", "tool_wear_pct", "torque_nm", "energy_kwh"];
        string[] states = ["RUN", "RUN", "RUN", "RUN", "IDLE", "SETUP", "ALARM"];
        var random = new Random(seed);
        var means = sensors.Select(_ => random.NextDouble() * 500).ToArray();
        var at = new DateTime(2025, 3, 1, 6, 0, 0);
        using var writer = new StreamWriter(file, false, new UTF8Encoding(false), 1 << 16);
        writer.WriteLine("timestamp,machine_id,batch_id," + string.Join(',', sensors) + ",state");
        var line = new StringBuilder(512);
        for (int r = 0; r < rows; r++)
        {
            line.Clear();
            line.Append(at.AddMilliseconds(r * 250L).ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture)).Append(',');
            line.Append('M').Append((r % 24 + 1).ToString("00", CultureInfo.InvariantCulture)).Append(',');
            line.Append('B').Append((20_000 + r / 5000).ToString(CultureInfo.InvariantCulture));
            for (int s = 0; s < sensors.Length; s++)
            {
                line.Append(',');
                if (random.Next(200) == 0) continue; // a dropped reading
                line.Append((means[s] + (random.NextDouble() - 0.5) * means[s] * 0.1).ToString("0.###", CultureInfo.InvariantCulture));
            }
            line.Append(',').Append(states[random.Next(states.Length)]);
            writer.WriteLine(line);
        }
    }

    private static string Quoted(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
