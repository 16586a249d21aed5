using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HubWatch.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class DeclaredProvenanceAndRefresh : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CardCheckedSha",
                table: "Models",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CardError",
                table: "Models",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "CheckedAt",
                table: "Models",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Datasets",
                table: "Models",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "DeclaredMergeMethod",
                table: "Models",
                type: "TEXT",
                maxLength: 50,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "DeletedAt",
                table: "Models",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "HasMergekitConfig",
                table: "Models",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "LicenseName",
                table: "Models",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MergekitVersion",
                table: "Models",
                type: "TEXT",
                maxLength: 50,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "StatesProvenance",
                table: "Models",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "Bytes",
                table: "JobRuns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "Detail",
                table: "JobRuns",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "RefreshedUntil",
                table: "CrawlCheckpoints",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ModelRenames",
                columns: table => new
                {
                    OldId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    NewId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    DetectedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ModelRenames", x => x.OldId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Models_LastModified",
                table: "Models",
                column: "LastModified");

            migrationBuilder.CreateIndex(
                name: "IX_ModelRenames_NewId",
                table: "ModelRenames",
                column: "NewId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ModelRenames");

            migrationBuilder.DropIndex(
                name: "IX_Models_LastModified",
                table: "Models");

            migrationBuilder.DropColumn(
                name: "CardCheckedSha",
                table: "Models");

            migrationBuilder.DropColumn(
                name: "CardError",
                table: "Models");

            migrationBuilder.DropColumn(
                name: "CheckedAt",
                table: "Models");

            migrationBuilder.DropColumn(
                name: "Datasets",
                table: "Models");

            migrationBuilder.DropColumn(
                name: "DeclaredMergeMethod",
                table: "Models");

            migrationBuilder.DropColumn(
                name: "DeletedAt",
                table: "Models");

            migrationBuilder.DropColumn(
                name: "HasMergekitConfig",
                table: "Models");

            migrationBuilder.DropColumn(
                name: "LicenseName",
                table: "Models");

            migrationBuilder.DropColumn(
                name: "MergekitVersion",
                table: "Models");

            migrationBuilder.DropColumn(
                name: "StatesProvenance",
                table: "Models");

            migrationBuilder.DropColumn(
                name: "Bytes",
                table: "JobRuns");

            migrationBuilder.DropColumn(
                name: "Detail",
                table: "JobRuns");

            migrationBuilder.DropColumn(
                name: "RefreshedUntil",
                table: "CrawlCheckpoints");
        }
    }
}
