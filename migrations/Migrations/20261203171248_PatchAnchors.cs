using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HubWatch.Migrations.Migrations
{
    /// <summary>
    /// Fingerprints of codec version 1 kept their anchors as runs of one row; version 2 keeps patches of 8 rows × 64
    /// columns, which formats stored by columns (GPTQ, AWQ) can also give. The two do not compare value for value, so the
    /// old ones are dropped and their models sampled again on the next fingerprint run.
    /// </summary>
    public partial class PatchAnchors : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // bytes 0-3 are the magic, byte 4 the version (FingerprintCodec)
            migrationBuilder.Sql("DELETE FROM WeightFingerprints WHERE Tensors IS NOT NULL AND hex(substr(Tensors, 5, 1)) = '01';");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
