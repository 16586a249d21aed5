using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HubWatch.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class VerdictsAndFromScratchClaims : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "ClaimsFromScratch",
                table: "Models",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "Verdicts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ModelId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Current = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Revision = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Relation = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Method = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    TopParentId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Transforms = table.Column<string>(type: "TEXT", nullable: false),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    ParentsJson = table.Column<string>(type: "TEXT", nullable: false),
                    CoefficientsJson = table.Column<string>(type: "TEXT", nullable: false),
                    EvidenceJson = table.Column<string>(type: "TEXT", nullable: false),
                    FlagsJson = table.Column<string>(type: "TEXT", nullable: false),
                    FlagCount = table.Column<int>(type: "INTEGER", nullable: false),
                    UndeclaredDerivative = table.Column<bool>(type: "INTEGER", nullable: false),
                    LicenceConflict = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Verdicts", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Verdicts_Current_FlagCount",
                table: "Verdicts",
                columns: new[] { "Current", "FlagCount" });

            migrationBuilder.CreateIndex(
                name: "IX_Verdicts_Current_Relation",
                table: "Verdicts",
                columns: new[] { "Current", "Relation" });

            migrationBuilder.CreateIndex(
                name: "IX_Verdicts_ModelId_Version",
                table: "Verdicts",
                columns: new[] { "ModelId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Verdicts_TopParentId",
                table: "Verdicts",
                column: "TopParentId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Verdicts");

            migrationBuilder.DropColumn(
                name: "ClaimsFromScratch",
                table: "Models");
        }
    }
}
