using System.Globalization;
using HubWatch.Data.Entities;
using HubWatch.Domain.Hub;
using HubWatch.Domain.Lineage;
using HubWatch.Provenance.Classification;
using HubWatch.Provenance.Declarations;
using Microsoft.Data.Sqlite;

namespace HubWatch.Evaluation.Benchmarks;

/// <summary>
/// Fills a migrated, empty HubWatch database with a hub-shaped population of models, verdicts and fingerprints, fast:
/// prepared INSERTs in large transactions, with the secondary indexes dropped while seeding and built again after.
/// Deterministic (seed 42): two runs with the same count and month hold the same rows.
/// </summary>
public static class DashboardSeeder
{
    public const int Authors = 50_000;
    public const int TrackedMonths = 48;
    private const double BeforeTrackingShare = 0.03;
    private const int RowsPerTransaction = 100_000;
    private const string Time = "yyyy-MM-dd HH:mm:ss";

    private static readonly (string? Value, double Share)[] Licenses =
    [
        ("apache-2.0", 30), ("mit", 15), (null, 18), ("llama3", 8), ("other", 7), ("cc-by-nc-4.0", 5), ("llama2", 4), ("gemma", 4),
        ("cc-by-4.0", 3), ("openrail", 3), ("gpl-3.0", 1), ("bsd-3-clause", 1), ("afl-3.0", 1),
    ];

    private static readonly (string? Value, double Share)[] Architectures =
    [
        ("LlamaForCausalLM", 33), ("Qwen2ForCausalLM", 15), ("MistralForCausalLM", 12), ("BertForMaskedLM", 6), ("GPT2LMHeadModel", 5),
        ("Gemma2ForCausalLM", 5), ("Qwen3ForCausalLM", 5), (null, 5), ("Phi3ForCausalLM", 4), ("T5ForConditionalGeneration", 3),
        ("XLMRobertaModel", 3), ("MixtralForCausalLM", 2), ("WhisperForConditionalGeneration", 2),
    ];

    // shares among judged models; flagged and conflicting shares are drawn separately
    private static readonly (string? Value, double Share)[] RelationShares =
    [
        (Relations.Finetune, 38), (Relations.Quantized, 18), (Relations.Merge, 14), (Relations.Adapter, 10), (Relations.Independent, 8), (Relations.Unknown, 8), (Relations.Copy, 4),
    ];

    /// <summary>The architecture the dashboard benchmark filters on (the third most common).</summary>
    public const string SampleArchitecture = "MistralForCausalLM";

    public static string AuthorName(int index) => $"author{index:D5}";

    /// <summary>Models stored in the file, or -1 when it is not a HubWatch database.</summary>
    public static long CountModels(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var check = connection.CreateCommand();
        check.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'Models'";
        if ((long)check.ExecuteScalar()! == 0)
            return -1;
        check.CommandText = "SELECT COUNT(*) FROM Models";
        return (long)check.ExecuteScalar()!;
    }

    /// <param name="newest">The last upload month's moment: uploads fill the 48 months up to it, growing over time.</param>
    public static void Seed(string connectionString, int models, DateTime newest)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        Execute(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY;");
        var indexes = DropIndexes(connection, "Models", "Verdicts", "WeightFingerprints");

        var random = new Random(42);
        using var model = Insert(connection, "Models", "Id", "Author", "Sha", "CreatedAt", "LastModified", "UploadMonth", "PipelineTag", "LibraryName",
            "Gated", "Downloads", "Likes", "License", "LicenseName", "Tags", "Datasets", "DeclaredBaseModels", "DeclaredRelation", "ParameterCount",
            "Architecture", "HasMergekitConfig", "DeclaredMergeMethod", "MergekitVersion", "DeclaresMergekit", "StatesProvenance", "ClaimsFromScratch", "CardCheckedSha",
            "CardError", "DeletedAt", "CheckedAt", "FirstSeenAt", "LastCrawledAt");
        using var verdict = Insert(connection, "Verdicts", "ModelId", "Version", "Current", "CreatedAt", "Revision", "Relation", "Method", "TopParentId",
            "Transforms", "Summary", "ParentsJson", "CoefficientsJson", "EvidenceJson", "FlagsJson", "FlagCount", "UndeclaredDerivative", "LicenseConflict");
        using var fingerprint = Insert(connection, "WeightFingerprints", "ModelId", "Revision", "CreatedAt", "Status", "Error", "Files", "ContentHash",
            "CopyOfModelId", "Format", "Parameters", "Layers", "Hidden", "Vocab", "TensorCount", "BytesRead", "Requests", "FileBytes", "Seconds", "Tensors");

        var bases = new List<string>();
        var transaction = connection.BeginTransaction();
        var written = 0;
        foreach (var (month, created) in UploadTimes(models, newest, random))
        {
            if (written > 0 && written % RowsPerTransaction == 0)
            {
                transaction.Commit();
                transaction.Dispose();
                transaction = connection.BeginTransaction();
            }
            WriteModel(model, verdict, fingerprint, transaction, written++, month, created, random, bases);
        }
        transaction.Commit();
        transaction.Dispose();

        foreach (var create in indexes)
            Execute(connection, create);
        Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
    }

    /// <summary>Upload months oldest first: ~3 % before 2022-03 (month null), the rest over 48 months growing ~5 % a month.</summary>
    private static IEnumerable<(string? Month, DateTime Created)> UploadTimes(int models, DateTime newest, Random random)
    {
        var before = (int)Math.Round(models * BeforeTrackingShare);
        var start = new DateTime(2019, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var span = (new DateTime(2022, 3, 1, 0, 0, 0, DateTimeKind.Utc) - start).TotalSeconds;
        foreach (var second in Sorted(before, () => random.NextDouble() * span))
            yield return (null, start.AddSeconds(second));

        var first = new DateTime(newest.Year, newest.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1 - TrackedMonths);
        var weights = Enumerable.Range(0, TrackedMonths).Select(i => Math.Pow(1.05, i)).ToArray();
        var remaining = models - before;
        var total = weights.Sum();
        for (var i = 0; i < TrackedMonths; i++)
        {
            var count = i == TrackedMonths - 1 ? remaining : (int)Math.Round((models - before) * weights[i] / total);
            count = Math.Min(count, remaining);
            remaining -= count;
            var monthStart = first.AddMonths(i);
            var monthEnd = i == TrackedMonths - 1 ? newest : monthStart.AddMonths(1);
            var length = (monthEnd - monthStart).TotalSeconds;
            var label = monthStart.ToString("yyyy-MM", CultureInfo.InvariantCulture);
            foreach (var second in Sorted(count, () => random.NextDouble() * length))
                yield return (label, monthStart.AddSeconds(second));
        }
    }

    private static double[] Sorted(int count, Func<double> next)
    {
        var values = new double[count];
        for (var i = 0; i < count; i++)
            values[i] = next();
        Array.Sort(values);
        return values;
    }

    private static void WriteModel(Row model, Row verdict, Row fingerprint, SqliteTransaction transaction, int index, string? month, DateTime created,
        Random random, List<string> bases)
    {
        // a heavy tail of authors: a few organisations upload thousands, most a handful
        var author = AuthorName((int)(Authors * Math.Pow(random.NextDouble(), 2)));
        var architecture = Pick(Architectures, random);
        var license = Pick(Licenses, random);
        var family = architecture is null ? "model" : architecture[..Math.Min(6, architecture.Length)].ToLowerInvariant();
        var fingerprinted = random.NextDouble() < 0.75;
        var relation = fingerprinted && random.NextDouble() < 0.93 ? Pick(RelationShares, random) : null;
        var id = $"{author}/{family}-{relation ?? "base"}-{index}";
        var sha = Hex(random, 40);
        var merge = relation == Relations.Merge;
        var mergekit = merge ? random.NextDouble() < 0.6 : random.NextDouble() < 0.01;
        var statesProvenance = random.NextDouble() < (relation is null or Relations.Independent ? 0.3 : 0.55);
        var parameters = (long)(Math.Pow(10, 8 + random.NextDouble() * 2.5));
        var crawled = created.AddHours(1);
        var parent = relation is null or Relations.Independent or Relations.Unknown || bases.Count == 0 ? null : bases[(int)(bases.Count * Math.Pow(random.NextDouble(), 3))];
        if ((relation == Relations.Independent || index < 100) && bases.Count < 20_000)
            bases.Add(id);

        model.Run(transaction, id, author, sha, T(created), T(created.AddDays(random.Next(0, 30))), month, "text-generation", "transformers",
            random.NextDouble() < 0.05 ? "auto" : null, (long)Math.Pow(10, random.NextDouble() * 6), (long)Math.Pow(10, random.NextDouble() * 3),
            license, license == "other" ? "custom-licence" : null,
            mergekit ? "[\"transformers\",\"safetensors\",\"mergekit\"]" : "[\"transformers\",\"safetensors\"]", "[]",
            statesProvenance && parent is not null ? $"[\"{parent}\"]" : "[]", statesProvenance ? relation is not null && Relations.Declarable.Contains(relation) ? relation : null : null,
            parameters, architecture, mergekit ? 1 : 0, mergekit ? "ties" : null, mergekit ? "0.0.4" : null,
            MergekitDeclaration.Declares(mergekit, null, []) ? 1 : 0, statesProvenance ? 1 : 0,
            relation == Relations.Independent && random.NextDouble() < 0.3 ? 1 : 0, sha, null, null, null, T(crawled), T(crawled));

        if (fingerprinted)
        {
            var failed = random.NextDouble() < 0.02;
            fingerprint.Run(transaction, id, sha, T(created.AddHours(2)), failed ? "Failed" : "Sampled", failed ? "hub error 503" : null,
                "model.safetensors", Hex(random, 64), null, "safetensors", parameters, 32, 4096L, 32000L, 291, 64L << 20, 12, parameters * 2, 1.5, null);
        }
        if (relation is null)
            return;

        var flagRoll = random.NextDouble();
        var conflict = parent is not null && flagRoll < 0.02;
        var undeclared = parent is not null && !statesProvenance && flagRoll is >= 0.02 and < 0.06;
        var flags = new List<DeclarationFlag>();
        if (conflict)
            flags.Add(new(FlagKinds.LicenseConflict, $"the parent's licence forbids relicensing under {license ?? "no licence"}"));
        if (undeclared)
            flags.Add(new(FlagKinds.UndeclaredDerivative, $"the weights derive from {parent} but the card names no base model"));
        var parents = parent is null ? "[]" : $"[{{\"id\":\"{parent}\",\"share\":1,\"pValue\":1E-12,\"similarity\":0.97}}]";
        var summary = parent is null ? $"{relation}: no earlier model explains these weights" : $"{relation} of {parent}";
        var evidence = $"{{\"relativeError\":0.02,\"explained\":0.95,\"candidates\":40,\"tensorsCompared\":291,\"tensors\":[],\"summary\":\"{summary}\"}}";
        // a few verdicts changed once: the earlier version stays as history
        var version = 1;
        if (random.NextDouble() < 0.03)
        {
            verdict.Run(transaction, id, version++, 0, T(created.AddHours(3)), sha, Relations.Unknown, null, null, "[]", "not enough evidence yet", "[]", "{}",
                evidence, "[]", 0, 0, 0);
        }
        verdict.Run(transaction, id, version, 1, T(created.AddHours(4)), sha, relation, merge ? "ties" : null, parent, "[]", summary, parents, "{}",
            evidence, VerdictJson.Write(flags), flags.Count, undeclared ? 1 : 0, conflict ? 1 : 0);
    }

    private static string? Pick((string? Value, double Share)[] choices, Random random)
    {
        var roll = random.NextDouble() * choices.Sum(c => c.Share);
        foreach (var (value, share) in choices)
        {
            if ((roll -= share) < 0)
                return value;
        }
        return choices[^1].Value;
    }

    private static string T(DateTime time) => time.ToString(Time, CultureInfo.InvariantCulture);

    private static string Hex(Random random, int length)
    {
        Span<byte> bytes = stackalloc byte[length / 2];
        random.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    /// <summary>Drops the tables' secondary indexes (building them once at the end is far faster); returns their CREATE statements.</summary>
    private static List<string> DropIndexes(SqliteConnection connection, params string[] tables)
    {
        var creates = new List<(string Name, string Sql)>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = $"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({string.Join(", ", tables.Select(t => $"'{t}'"))})";
            using var reader = list.ExecuteReader();
            while (reader.Read())
                creates.Add((reader.GetString(0), reader.GetString(1)));
        }
        foreach (var (name, _) in creates)
            Execute(connection, $"DROP INDEX \"{name}\"");
        return [.. creates.Select(c => c.Sql)];
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static Row Insert(SqliteConnection connection, string table, params string[] columns) => new(connection, table, columns);

    /// <summary>One prepared INSERT whose parameters are reused row after row.</summary>
    private sealed class Row : IDisposable
    {
        private readonly SqliteCommand _command;
        private readonly SqliteParameter[] _parameters;

        public Row(SqliteConnection connection, string table, string[] columns)
        {
            _command = connection.CreateCommand();
            _command.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))})";
            _parameters = [.. columns.Select((_, i) => _command.Parameters.Add(new SqliteParameter($"$p{i}", null)))];
        }

        public void Run(SqliteTransaction transaction, params object?[] values)
        {
            if (values.Length != _parameters.Length)
                throw new ArgumentException($"{_parameters.Length} values expected, not {values.Length}", nameof(values));
            _command.Transaction = transaction;
            for (var i = 0; i < values.Length; i++)
                _parameters[i].Value = values[i] ?? DBNull.Value;
            _command.ExecuteNonQuery();
        }

        public void Dispose() => _command.Dispose();
    }
}
