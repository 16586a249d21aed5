using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HubWatch.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class WeightFingerprints : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "WeightFingerprints",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ModelId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Revision = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Error = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Files = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    ContentHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CopyOfModelId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Format = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Parameters = table.Column<long>(type: "INTEGER", nullable: true),
                    Layers = table.Column<int>(type: "INTEGER", nullable: true),
                    Hidden = table.Column<long>(type: "INTEGER", nullable: true),
                    Vocab = table.Column<long>(type: "INTEGER", nullable: true),
                    TensorCount = table.Column<int>(type: "INTEGER", nullable: true),
                    BytesRead = table.Column<long>(type: "INTEGER", nullable: false),
                    Requests = table.Column<int>(type: "INTEGER", nullable: false),
                    FileBytes = table.Column<long>(type: "INTEGER", nullable: true),
                    Seconds = table.Column<double>(type: "REAL", nullable: false),
                    Tensors = table.Column<byte[]>(type: "BLOB", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WeightFingerprints", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_WeightFingerprints_ContentHash",
                table: "WeightFingerprints",
                column: "ContentHash");

            migrationBuilder.CreateIndex(
                name: "IX_WeightFingerprints_Hidden_Vocab",
                table: "WeightFingerprints",
                columns: new[] { "Hidden", "Vocab" });

            migrationBuilder.CreateIndex(
                name: "IX_WeightFingerprints_ModelId_Revision",
                table: "WeightFingerprints",
                columns: new[] { "ModelId", "Revision" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "WeightFingerprints");
        }
    }
}
